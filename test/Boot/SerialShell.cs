using System;
using System.Text;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// A conversation with sh on the serial terminal (COM2) that keeps the
// whole transcript: a command line and what came back up to the next
// prompt (Run), or raw keys and what came back up to a marker (Keys, for
// full-screen programs and for output that arrives later, such as a
// background job's). Every wait is bounded by the deadline; a wait that
// fails fails the test with the transcript.
internal sealed class SerialShell : IDisposable
{
    public const string Prompt = "# ";

    private readonly HostConsole _console;
    private readonly DateTime _deadline;

    private SerialShell(HostConsole console, DateTime deadline)
    {
        _console = console;
        _deadline = deadline;
    }

    public static SerialShell Open(string socket, DateTime deadline)
    {
        HostConsole console = HostConsole.Connect(socket, deadline);
        Assert.That(console.ReadUntil(Prompt, deadline), Is.True, "the first prompt; got: " + console.Received);
        return new SerialShell(console, deadline);
    }

    public string Transcript => _console.Received;

    // The command's echo and output, without the prompt that ends them.
    public string Run(string command)
    {
        int from = _console.Received.Length;
        _console.Send(command + "\n");
        // The echo of the line ends in "\n"; the answer ends at the next prompt.
        Assert.That(_console.ReadUntil("\n" + Prompt, _deadline, from), Is.True, $"an answer to '{command}'; the conversation:\n{Transcript}");
        string text = _console.Received.Substring(from);
        return text.Substring(0, text.LastIndexOf("\n" + Prompt, StringComparison.Ordinal) + 1);
    }

    // Sends keys as they are (no newline added) and waits until `marker`
    // has come back after them; what came.
    public string Keys(string keys, string marker)
    {
        int from = _console.Received.Length;
        _console.Send(keys);
        Assert.That(_console.ReadUntil(marker, _deadline, from), Is.True, $"'{marker}' after keys {Printable(keys)}; the conversation:\n{Transcript}");
        return _console.Received.Substring(from);
    }

    // Types `keys` until `marker` comes back after them: for a key whose
    // effect depends on a program having started (a Ctrl-C for the job
    // just typed, which may not run yet), each try waits `each` for the
    // marker before typing again; all of it is bounded by the deadline.
    public string KeysUntil(string keys, string marker, TimeSpan each)
    {
        int from = _console.Received.Length;
        while (DateTime.UtcNow < _deadline)
        {
            _console.Send(keys);
            DateTime until = DateTime.UtcNow + each < _deadline ? DateTime.UtcNow + each : _deadline;
            if (_console.ReadUntil(marker, until, from))
                return _console.Received.Substring(from);
        }
        Assert.Fail($"'{marker}' after keys {Printable(keys)}, typed again and again; the conversation:\n{Transcript}");
        return "";
    }

    // Waits for `marker` anywhere after `from` (output of a background job).
    public void WaitFor(string marker, int from)
    {
        Assert.That(_console.ReadUntil(marker, _deadline, from), Is.True, $"'{marker}'; the conversation:\n{Transcript}");
    }

    // Syncs and powers the system off; the socket stays open until
    // shutdown has answered (closing it at once could drop the line).
    public void Shutdown()
    {
        int from = _console.Received.Length;
        _console.Send("sync && shutdown\n");
        Assert.That(_console.ReadUntil("shutdown: powering off", _deadline, from), Is.True, "shutdown answers; got: " + _console.Received.Substring(from));
    }

    public void Dispose() => _console.Dispose();

    private static string Printable(string keys)
    {
        var text = new StringBuilder();
        foreach (char c in keys)
            text.Append(c < 0x20 || c == 0x7F ? $"\\x{(int)c:x2}" : c.ToString());
        return text.ToString();
    }
}
