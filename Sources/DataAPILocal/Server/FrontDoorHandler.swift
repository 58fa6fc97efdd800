import Logging
import NIOCore
import NIOHTTP1

/// The server's front door: one per connection, between the HTTP/1 decoder and Hummingbird.
///
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

    private let logger: Logger

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
    private var closing = false
    private var lingering: Scheduled<Void>?

    init(logger: Logger) {
        self.logger = logger
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lingering?.cancel()
        lingering = nil
    }

    // MARK: Requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), inbound) {
        case (.head(var head), .awaitingHead):
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
