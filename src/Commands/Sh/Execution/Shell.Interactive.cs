using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// The front end of `sh` without a script: read a line, run it, repeat until
// end of input or exit. A line that leaves a construct open (`if`, a
// quote, a trailing `|` or `&&`) is not an error yet: the next lines are
// added until the text parses, with the secondary prompt "> ".
public sealed partial class Shell
{
    public const string Prompt = "# ";
    public const string ContinuationPrompt = "> ";

    // The longest line kept; the rest of a longer one is dropped, so a
    // runaway input cannot exhaust the heap.
    public const int MaxLineBytes = 64 * 1024;

    // prompt: where "# " goes (null: no prompt, for a script on standard
    // input). lineAtATime: the input returns at most one line per read (a
    // terminal), so it may be read in blocks; otherwise it is read a byte
    // at a time, leaving what follows the line to the commands that read
    // standard input. Returns the status of the last command, or exit's.
    public int RunInteractive(IShellInput input, IShellOutput? prompt, bool lineAtATime)
    {
        var reader = new LineReader(input, lineAtATime);
        string pending = "";
        _interactive = prompt != null;
        while (!HasExited)
        {
            // Background jobs that ended are reported before the prompt.
            if (pending.Length == 0)
                ReapJobs(prompt);
            if (prompt != null)
                WriteSafely(prompt, pending.Length == 0 ? Prompt : ContinuationPrompt);
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (Exception e)
            {
                WriteSafely(_host.StandardError, _scriptName + ": cannot read input: " + e.Message + "\n");
                break;
            }
            if (line == null)
            {
                // End of input inside an open construct: run it anyway, so the
                // syntax error is reported as in a script.
                if (pending.Length > 0)
                    Run(pending);
                break;
            }
            pending += line + "\n";
            if (NeedsMoreInput(pending))
                continue;
            Run(pending);
            pending = "";
        }
        return LastStatus;
    }

    // True if text fails to parse only because it ends too early.
    public static bool NeedsMoreInput(string text)
    {
        try
        {
            Parser.Parse(text);
            return false;
        }
        catch (ShellSyntaxException e)
        {
            return e.Message.StartsWith("unterminated") || e.Message.EndsWith("end of file");
        }
    }

    // Lines of the input as text, without their newline; null at the end.
    private sealed class LineReader
    {
        private readonly IShellInput _input;
        private readonly byte[] _chunk;
        private int _start;
        private int _end;

        internal LineReader(IShellInput input, bool lineAtATime)
        {
            _input = input;
            _chunk = new byte[lineAtATime ? 512 : 1];
        }

        internal string? ReadLine()
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = _input.Read(_chunk);
                    if (_end <= 0)
                    {
                        _end = 0;
                        return line.Count > 0 ? Utf8.Decode(line.ToArray()) : null;
                    }
                }
                byte b = _chunk[_start++];
                if (b == (byte)'\n')
                    return Utf8.Decode(line.ToArray());
                if (line.Count < MaxLineBytes)
                    line.Add(b);
            }
        }
    }
}
