import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with ``FrontDoorHandler`` placed between the HTTP/1
/// codec and the conversion to HTTP types, where it still sees the request's HTTP version and
/// every header line as sent (the conversion folds the first `Host` into the authority and
/// forgets the version). Otherwise the pipeline is the one `HTTP1Channel` builds.
struct FrontDoorChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let policy: FrontDoorPolicy
    let gate: FrontDoorGate
    /// A connection without traffic for this long is closed.
    let idleTimeout: Duration?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decoder = HTTP1Channel.Configuration.DecoderConfiguration()
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = decoder.maxHeaderFieldSize
            limits.maxHeaderListSize = decoder.maxHeaderListSize
            limits.maxHeaderFieldCount = decoder.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false,  // NIOAsyncChannel serialises requests
                withErrorHandling: false,  // Hummingbird answers parse errors
                withOutboundHeaderValidation: false,  // HTTP types validate them
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: limits
            )
            try pipeline.addHandler(FrontDoorHandler(policy: policy, gate: gate, logger: logger))
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: idleTimeout, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                       configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    /// Serves the connection from a task that runs on the connection's own event loop
    /// (``EventLoopExecutor``).
    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopExecutor.of(value.channel.eventLoop)) {
            await handleHTTP(asyncChannel: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 behind the data API's front door (``FrontDoorChannel``).
    static func frontDoor(policy: FrontDoorPolicy, gate: FrontDoorGate, idleTimeout: Duration?) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            FrontDoorChannel(responder: responder, policy: policy, gate: gate, idleTimeout: idleTimeout)
        }
    }
}
