using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Minix3.Cosmos.Boot;

// The host's end of a guest's devices during a run: a unix socket QEMU
// listens on (COM2, or the monitor). Every wait has a deadline, so a guest
// that never answers fails the test instead of hanging it.
public sealed class HostConsole : IDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _received = new();

    private HostConsole(Socket socket) => _socket = socket;

    // A short unique socket path: unix socket paths are limited to ~100 bytes.
    public static string NewSocketPath(string what) => Path.Combine("/tmp", $"m3-{Guid.NewGuid().ToString("N")[..12]}-{what}.sock");

    // Connects once QEMU has created the socket.
    public static HostConsole Connect(string path, DateTime deadline)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                socket.ReceiveTimeout = 200;
                return new HostConsole(socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(20);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    // Everything read so far ('\r' dropped).
    public string Received
    {
        get { lock (_received) return _received.ToString(); }
    }

    public void Send(string text) => _socket.Send(Encoding.ASCII.GetBytes(text));

    // Reads until what arrived from `from` on contains `expected`; false
    // at the deadline or when the other side closed first.
    public bool ReadUntil(string expected, DateTime deadline, int from = 0)
    {
        var buffer = new byte[4096];
        while (Received.IndexOf(expected, from, StringComparison.Ordinal) < 0)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            int count;
            try
            {
                count = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                continue;
            }
            if (count == 0)
                return false;
            lock (_received)
                _received.Append(Encoding.ASCII.GetString(buffer, 0, count).Replace("\r", ""));
        }
        return true;
    }

    // A shell session on a serial terminal: waits for the first prompt,
    // types each command and keeps what came back until the next prompt,
    // then shuts the system down. Fewer answers than commands: the session
    // broke off (no prompt before the deadline).
    public static List<string> ShellSession(string socket, IReadOnlyList<string> commands, DateTime deadline)
    {
        var answers = new List<string>();
        using HostConsole console = Connect(socket, deadline);
        if (!console.ReadUntil("# ", deadline))
            return answers;
        foreach (string command in commands)
        {
            int from = console.Received.Length;
            console.Send(command + "\n");
            if (!console.ReadUntil("\n# ", deadline, from))
                break;
            answers.Add(console.Received.Substring(from));
        }
        console.Send("shutdown\n");
        console.ReadUntil("powering off", deadline);
        return answers;
    }

    // Monitor: types text on the PS/2 keyboard, a `sendkey` per character
    // (lower-case letters, digits, space, '-', '/', '.', '$', '?', and '\n' for Enter).
    public bool TypeText(string text, DateTime deadline)
    {
        foreach (char c in text)
        {
            if (!Command("sendkey " + KeyName(c), deadline))
                return false;
        }
        return true;
    }

    private static string KeyName(char c) => c switch
    {
        ' ' => "spc",
        '\n' => "ret",
        '-' => "minus",
        '/' => "slash",
        '.' => "dot",
        '$' => "shift-4",
        '?' => "shift-slash",
        _ when char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) => c.ToString(),
        _ => throw new ArgumentException($"no key for '{c}'"),
    };

    // Monitor: reads the screen until `done` holds or the deadline passes;
    // `screen` is the last one read.
    public bool WaitForScreen(Func<string[], bool> done, DateTime deadline, out string[] screen)
    {
        screen = Array.Empty<string>();
        while (DateTime.UtcNow < deadline)
        {
            screen = ReadScreen(deadline) ?? screen;
            if (done(screen))
                return true;
            System.Threading.Thread.Sleep(100);
        }
        return false;
    }

    // Monitor: sends one command and waits for the prompt after it (the
    // command has run). The first call also waits for the greeting's prompt.
    public bool Command(string command, DateTime deadline)
    {
        if (!ReadUntil("(qemu)", deadline))
            return false;
        int from = Received.Length;
        Send(command + "\n");
        return ReadUntil("(qemu)", deadline, from);
    }

    // VGA text memory (80x25 cells of character + attribute at 0xb8000) as
    // rows of text, trailing blanks removed.
    public string[]? ReadScreen(DateTime deadline)
    {
        string file = Path.Combine(Path.GetTempPath(), $"minix3-vga-{Guid.NewGuid():N}.bin");
        try
        {
            if (!Command($"pmemsave 0xb8000 4000 \"{file}\"", deadline) || !File.Exists(file))
                return null;
            byte[] cells = File.ReadAllBytes(file);
            if (cells.Length != 4000)
                return null;
            return Enumerable.Range(0, 25)
                .Select(row => new string(Enumerable.Range(0, 80).Select(column => (char)cells[(row * 80 + column) * 2]).ToArray()).TrimEnd(' ', '\0'))
                .ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Waits until a line of the (growing) serial log file matches `pattern`.
    public static bool WaitForLogLine(string serialLog, string pattern, DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(serialLog))
            {
                using var stream = new FileStream(serialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.ASCII);
                if (Regex.IsMatch(reader.ReadToEnd().Replace("\r", ""), pattern, RegexOptions.Multiline))
                    return true;
            }
            Thread.Sleep(50);
        }
        return false;
    }

    public void Dispose() => _socket.Dispose();
}
