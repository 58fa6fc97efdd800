import CDataAPISystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts detached POSIX threads for blocking work (libcurl's loop, a child process's pipes,
/// a blocking read), without Foundation's `Thread`, whose module is the largest part of a
/// fresh process's start-up.
package enum NativeThread {
    /// Runs `body` on a new detached thread named `name` (truncated to the 15 bytes Linux
    /// keeps). Fails only when the system refuses a thread (`EAGAIN`: a process or user
    /// limit), which no caller can recover from.
    package static func detach(name: String, _ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let rc = pthread_create(&thread, &attributes, { raw in
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            #if canImport(Darwin)
            pthread_setname_np(String(decoding: Array(start.name.utf8.prefix(15)), as: UTF8.self))
            #else
            pthread_setname_np(pthread_self(), String(decoding: Array(start.name.utf8.prefix(15)), as: UTF8.self))
            #endif
            start.body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            fatalError("pthread_create failed for \(name): \(String(cString: strerror(rc)))")
        }
    }

    private final class Start {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
