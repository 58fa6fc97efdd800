import Dispatch
import Foundation
import NIOCore
import NIOPosix

// Swift concurrency's tasks run on the same two event-loop threads as the HTTP server and the
// database connections, instead of hopping between them and the cooperative pool on every
// request (each hop is a thread wake-up). This must happen before any task starts, hence a
// synchronous entry point. The server never blocks a task: blocking work (starting and stopping
// database processes, MariaDB's client library) runs on threads of its own.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
Task {
    await DataAPILocalCommand.main()
    exit(0)
}
dispatchMain()
