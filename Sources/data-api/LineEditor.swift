import DataAPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the shell's lines come from: a line editor on a terminal, plain lines otherwise.
protocol ShellInput: AnyObject, Sendable {
    /// The next line, after showing `prompt` (nil: no prompt); nil at the end of the input.
    func readLine(prompt: String?) async -> String?
    /// Records a finished statement or meta-command in the history (if there is one).
    func remember(_ entry: String)
}

/// Lines of standard input, read on a thread of its own: a pipe, a file, or a terminal
/// without line editing. The prompt goes to standard output as it is.
final class PlainInput: ShellInput, @unchecked Sendable {
    private var lines: AsyncStream<String>.Iterator

    init() {
        lines = AsyncStream<String> { continuation in
            Thread {
                while let line = Swift.readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }.start()
        }.makeAsyncIterator()
    }

    func readLine(prompt: String?) async -> String? {
        if let prompt { Terminal.write(prompt) }
        return await lines.next()
    }

    func remember(_ entry: String) {}
}

/// A small line editor for a terminal: the terminal is in raw mode only while a line is
/// typed (restored after each line, at exit, and on SIGTERM, SIGHUP and SIGQUIT), and the
/// keys are read on a thread of its own. Left and right arrows, Home/End, Ctrl-A/Ctrl-E,
/// Backspace, Delete and Ctrl-D, Ctrl-K and Ctrl-U, up and down through the history,
/// Ctrl-C to drop the line, Ctrl-D on an empty line to end.
final class LineEditor: ShellInput, @unchecked Sendable {
    private let history: ShellHistory
    /// Whose quoting rules decide whether a multi-line statement can be kept as one line.
    private let engine: DatabaseEngine
    private var entries: [String]

    /// A line editor on standard input, or nil when standard input is not a terminal that can be
    /// put in raw mode, or standard output is not a terminal (the editor echoes and redraws the
    /// line there: into a file or a pipe it would leave the user typing blind and fill the output
    /// with redraw sequences).
    init?(history: ShellHistory, engine: DatabaseEngine) {
        guard isatty(0) == 1, isatty(1) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb", Terminal.save()
        else { return nil }
        self.history = history
        self.engine = engine
        entries = history.load()
    }

    func remember(_ entry: String) {
        guard let entry = ShellHistory.oneLine(entry, engine: engine), !entry.isEmpty, entries.last != entry else {
            return
        }
        entries.append(entry)
        history.append(entry)
    }

    func readLine(prompt: String?) async -> String? {
        let entries = self.entries
        return await withCheckedContinuation { continuation in
            Thread {
                Terminal.raw()
                var state = LineEditState(prompt: prompt ?? "", history: entries)
                let line = state.run(read: Terminal.readByte, write: Terminal.write)
                Terminal.restore()
                continuation.resume(returning: line)
            }.start()
        }
    }
}

/// The text being edited, the cursor and the place in the history; `run` reads keys until
/// Enter (the line) or Ctrl-D on an empty line (nil), drawing as it goes.
struct LineEditState {
    var prompt: String
    var history: [String]
    var text: [Character] = []
    var cursor = 0
    /// The history entry shown (history.count: the line being typed).
    var place: Int
    /// The line being typed, kept while the history is browsed.
    var typed: [Character] = []

    init(prompt: String, history: [String]) {
        self.prompt = prompt
        self.history = history
        place = history.count
    }

    /// Prompt, text, clear to the end of the line, cursor back to its place.
    var drawn: String {
        "\r" + prompt + String(text) + "\u{1B}[K" + (cursor < text.count ? "\u{1B}[\(text.count - cursor)D" : "")
    }

    mutating func run(read: () -> UInt8?, write: (String) -> Void) -> String? {
        write(prompt)
        while let byte = read() {
            switch byte {
            case 0x0D, 0x0A:
                write("\r\n")
                return String(text)
            case 0x01: cursor = 0
            case 0x05: cursor = text.count
            case 0x02: cursor = max(0, cursor - 1)
            case 0x06: cursor = min(text.count, cursor + 1)
            case 0x03:
                write("^C\r\n")
                text = []; cursor = 0; place = history.count
            case 0x04:
                if text.isEmpty { write("\r\n"); return nil }
                if cursor < text.count { text.remove(at: cursor) }
            case 0x7F, 0x08:
                if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
            case 0x0B: text.removeSubrange(cursor...)
            case 0x15: text.removeSubrange(..<cursor); cursor = 0
            case 0x1B:
                escape(read: read)
            case 0x20...0x7E:
                insert(Character(Unicode.Scalar(byte)))
            case 0xC0...0xF7:
                var bytes = [byte]
                let more = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1
                for _ in 0..<more { if let b = read() { bytes.append(b) } }
                for c in String(decoding: bytes, as: UTF8.self) { insert(c) }
            default: continue
            }
            write(drawn)
        }
        return text.isEmpty ? nil : String(text)
    }

    mutating func insert(_ c: Character) {
        text.insert(c, at: cursor)
        cursor += 1
    }

    /// An escape sequence: `ESC [ …` or `ESC O …`, parameters and a final byte.
    mutating func escape(read: () -> UInt8?) {
        guard let kind = read(), kind == UInt8(ascii: "[") || kind == UInt8(ascii: "O") else { return }
        var parameters = ""
        while let b = read() {
            if (0x40...0x7E).contains(b) {
                key(final: b, parameters: parameters)
                return
            }
            parameters.append(Character(Unicode.Scalar(b)))
        }
    }

    mutating func key(final: UInt8, parameters: String) {
        switch (Unicode.Scalar(final), parameters) {
        case ("A", _): browse(to: place - 1)
        case ("B", _): browse(to: place + 1)
        case ("C", _): cursor = min(text.count, cursor + 1)
        case ("D", _): cursor = max(0, cursor - 1)
        case ("H", _), ("~", "1"), ("~", "7"): cursor = 0
        case ("F", _), ("~", "4"), ("~", "8"): cursor = text.count
        case ("~", "3"): if cursor < text.count { text.remove(at: cursor) }
        default: break
        }
    }

    /// Shows history entry `n` (history.count: the line being typed).
    mutating func browse(to n: Int) {
        guard n >= 0, n <= history.count, n != place else { return }
        if place == history.count { typed = text }
        place = n
        text = n == history.count ? typed : Array(history[n])
        cursor = text.count
    }
}

/// The terminal's settings, saved before raw mode and restored after it, at exit and on
/// the signals that end the process.
enum Terminal {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var isRaw = false

    /// Saves standard input's settings; false when it has none (not a terminal).
    static func save() -> Bool {
        guard tcgetattr(0, &saved) == 0 else { return false }
        atexit { Terminal.restore() }
        for signal in [SIGTERM, SIGHUP, SIGQUIT] {
            Glibc.signal(signal) { number in
                Terminal.restore()
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
        }
        return true
    }

    /// Keys one at a time, no echo, no signals from Ctrl-C, Enter as a carriage return;
    /// output processing stays on. Keys typed ahead (while a statement ran) are kept.
    static func raw() {
        var t = saved
        t.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        t.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        isRaw = tcsetattr(0, TCSADRAIN, &t) == 0
    }

    /// Puts the saved settings back, if raw mode is on.
    static func restore() {
        guard isRaw else { return }
        isRaw = false
        tcsetattr(0, TCSADRAIN, &saved)
    }

    /// One byte of standard input; nil at its end or on an error.
    static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let n = Glibc.read(0, &byte, 1)
            if n == 1 { return byte }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Writes `text` to standard output at once.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            done += n
        }
    }
}
