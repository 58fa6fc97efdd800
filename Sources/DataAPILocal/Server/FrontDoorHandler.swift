import DataAPIClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The server's front door: one per connection, between the HTTP/1 decoder and Hummingbird.
///
/// - It counts the connection against the server's connection limit; a connection beyond it
///   is answered `ThrottlingException` (429) at its first request and closed.
/// - It runs ``FrontDoorPolicy`` on every request head. A refused request is answered at once
///   and never reaches Hummingbird: its body is discarded as it arrives, never buffered, and the
///   connection is closed.
/// - It closes the connection after a response when the request asked for that (HTTP/1.0
///   without keep-alive, `Connection: close` in any case) or the response says
///   `Connection: close`, and tells an HTTP/1.0 client that asked for keep-alive that it has it.
///
/// Closing lingers: the output is shut after the response, then the input is read and
/// discarded until the client closes or ``lingerTimeout`` passes, so that a client still
/// sending its body reads the answer rather than a connection reset.
///
/// Runs on the channel's event loop only.
final class FrontDoorHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// How long a closing connection's input is still drained.
    static let lingerTimeout: TimeAmount = .seconds(2)

    private let policy: FrontDoorPolicy
    private let gate: FrontDoorGate
    private let logger: Logger

    /// Whether this connection is counted in the gate, and whether it was over the limit.
    private var counted = false
    private var overLimit = false

    private enum Inbound {
        /// Between requests.
        case awaitingHead
        /// Passing a request's body on; `last` when no request may follow it on this connection.
        case forwarding(last: Bool)
        /// Dropping everything: the connection is being closed.
        case discarding
    }
    private var inbound = Inbound.awaitingHead

    /// Per request passed on and not yet answered, oldest first: whether it keeps the
    /// connection open, and whether it is HTTP/1.0.
    private var unanswered: [(keepAlive: Bool, http10: Bool)] = []
    /// The response being written ends the connection.
    private var closeAfterResponse = false
    /// A refusal that waits for the responses to earlier (pipelined) requests.
    private var deferredRefusal: DataAPIError?
    private var closing = false
    private var lingering: Scheduled<Void>?

    init(policy: FrontDoorPolicy, gate: FrontDoorGate, logger: Logger) {
        self.policy = policy
        self.gate = gate
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        overLimit = !gate.connectionOpened()
        counted = true
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted { gate.connectionClosed(); counted = false }
        lingering?.cancel()
        lingering = nil
    }

    // MARK: Requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), inbound) {
        case (.head(var head), .awaitingHead):
            if let refusal = refusal(of: head) {
                logger.debug("front door refused a request", metadata: [
                    "code": "\(refusal.code.rawValue)", "message": "\(refusal.message)", "uri": "\(head.uri)",
                ])
                inbound = .discarding
                refuse(refusal, context: context)
                return
            }
            let keepAlive = head.isKeepAlive
            // Hummingbird ends a connection after a request whose `Connection` is exactly "close".
            if !keepAlive { head.headers.replaceOrAdd(name: "connection", value: "close") }
            unanswered.append((keepAlive, head.version == .http1_0))
            inbound = .forwarding(last: !keepAlive)
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case (.body, .forwarding):
            context.fireChannelRead(data)
        case (.end, .forwarding(let last)):
            inbound = last ? .discarding : .awaitingHead
            context.fireChannelRead(data)
        default:
            break  // discarding (or a part out of order, which the decoder never produces)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Downstream hands what it buffered to Hummingbird now, including the end of a request
        // this handler starts discarding after.
        context.fireChannelReadComplete()
        if case .discarding = inbound {
            context.read()  // keep draining: nothing downstream asks for the parts being dropped
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closing {
            context.close(promise: nil)
        } else {
            context.fireErrorCaught(error)
        }
    }

    private func refusal(of head: HTTPRequestHead) -> DataAPIError? {
        if overLimit {
            return .throttled("The server already has its limit of \(gate.maxConnections) connections open "
                              + "(maxConnections); retry later.")
        }
        let headers = head.headers.map { (name: $0.name, value: $0.value) }
        return policy.check(method: head.method.rawValue, uri: head.uri, headers: headers)
    }

    /// Answers `error` and closes, after the responses still owed to earlier requests.
    private func refuse(_ error: DataAPIError, context: ChannelHandlerContext) {
        if unanswered.isEmpty {
            writeRefusal(error, context: context)
        } else {
            deferredRefusal = error
        }
    }

    private func writeRefusal(_ error: DataAPIError, context: ChannelHandlerContext) {
        let response = AWSErrorResponse(error, requestId: UUID().uuidString.lowercased(), closing: true)
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        close(after: written.futureResult, context: context)
    }

    // MARK: Responses

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            let request = unanswered.first
            let responseCloses = head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
            if closing || responseCloses || request?.keepAlive != true {
                closeAfterResponse = true
                // What is left of the request's body, and any request after it, is not wanted.
                inbound = .discarding
                head.headers.replaceOrAdd(name: "connection", value: "close")
            } else if request?.http10 == true {
                head.headers.replaceOrAdd(name: "connection", value: "keep-alive")
            }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            if !unanswered.isEmpty { unanswered.removeFirst() }
            if closeAfterResponse {
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.cascade(to: promise)
                context.writeAndFlush(data, promise: written)
                close(after: written.futureResult, context: context)
            } else if unanswered.isEmpty, let refusal = deferredRefusal {
                // The refused request's answer follows the last one owed to the requests before it.
                deferredRefusal = nil
                context.write(data, promise: promise)
                writeRefusal(refusal, context: context)
            } else {
                context.write(data, promise: promise)
            }
        default:
            context.write(data, promise: promise)
        }
    }

    // MARK: Closing

    /// Once `written` completes: shuts the output, drains the input, and closes for good when
    /// the client closes its side or after ``lingerTimeout``.
    private func close(after written: EventLoopFuture<Void>, context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        inbound = .discarding
        let loop = context.eventLoop.assumeIsolated()
        written.assumeIsolated().whenComplete { _ in
            guard context.channel.isActive else { return }
            let shut = context.eventLoop.makePromise(of: Void.self)
            shut.futureResult.assumeIsolated().whenFailure { error in
                // Hummingbird may have shut the output first (after a request that said close).
                if (error as? ChannelError) != .outputClosed { context.close(promise: nil) }
            }
            context.close(mode: .output, promise: shut)
            self.lingering = loop.scheduleTask(in: Self.lingerTimeout) { context.close(promise: nil) }
            context.read()
        }
    }
}
