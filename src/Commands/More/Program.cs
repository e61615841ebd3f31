using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.More
{
    // more [file...]: the files ("-" or none: standard input) a screen at
    // a time when standard output is a terminal, else copied through.
    // After each screen "--More--" waits for a key read from standard
    // error's terminal (opened for reading and writing by init, so a pipe
    // into more leaves the keys free): space the next screen, Enter or j
    // the next line, q the end. The terminal is taken out of line mode
    // for the keys and put back as it was.
    public static class Program
    {
        private const int KeyTerminal = Files.StandardError;

        public static int Main()
        {
            CommandLine? line = Tool.Start("more", "", "[file...]");
            if (line == null)
                return Tool.UsageStatus;
            var operands = Inputs.OrStandardInput(line.Operands);
            Pager? pager = null;
            if (Terminal.GetSettings(Files.StandardOutput, out TerminalSettings screen) >= 0 &&
                Terminal.GetSettings(KeyTerminal, out TerminalSettings keys) >= 0)
                pager = new Pager(screen.Rows > 2 ? screen.Rows - 1 : 23, screen.Columns > 0 ? screen.Columns : 80, keys);
            int status = 0;
            for (int i = 0; i < operands.Count; i++)
            {
                int fd = Inputs.Open(operands[i]);
                if (fd < 0)
                {
                    status = 1;
                    continue;
                }
                if (operands.Count > 1 && !Show(pager, ":::::::::::::\n" + operands[i] + "\n:::::::::::::\n"))
                    break;
                var reader = new LineReader(new DescriptorSource(fd));
                bool quit = false;
                while (!quit && reader.Next())
                {
                    Tool.Out.Write(reader.Line);
                    if (reader.HasNewline)
                        Tool.Out.Write("\n");
                    quit = pager != null && !pager.Shown(reader.Line);
                }
                Inputs.Close(fd);
                if (reader.Status < 0)
                    status = Tool.Report(operands[i], reader.Status);
                if (quit || Tool.Out.Status != 0)
                    break;
            }
            pager?.Restore();
            return Tool.Finish(status);
        }

        private static bool Show(Pager? pager, string text)
        {
            Tool.Out.Write(text);
            if (pager == null)
                return true;
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != '\n')
                    continue;
                if (!pager.Shown(Utf8Text.Encode(text.Substring(start, i - start))))
                    return false;
                start = i + 1;
            }
            return true;
        }

        // Counts the rows shown and asks at the end of each screen.
        private sealed class Pager
        {
            private readonly int _rows, _columns;
            private readonly TerminalSettings _saved;
            private bool _raw;
            private int _left;

            internal Pager(int rows, int columns, TerminalSettings saved)
            {
                _rows = rows;
                _columns = columns;
                _saved = saved;
                _left = rows;
            }

            // A line went out; false when the reader asked to quit.
            internal bool Shown(ReadOnlySpan<byte> line)
            {
                _left -= ScreenColumns.Rows(line, _columns);
                if (_left > 0)
                    return true;
                Tool.Out.Write("\u001b[7m--More--\u001b[0m");
                Tool.Out.Flush();
                int key = ReadKey();
                Tool.Out.Write("\r\u001b[K");
                switch (key)
                {
                    case 'q': case 'Q': case -1:
                        return false;
                    case '\r': case '\n': case 'j':
                        _left = 1;
                        return true;
                    default:
                        _left = _rows;
                        return true;
                }
            }

            private int ReadKey()
            {
                if (!_raw)
                {
                    TerminalSettings raw = _saved;
                    raw.Mode &= ~(TerminalMode.Canonical | TerminalMode.Echo);
                    _raw = Terminal.SetSettings(KeyTerminal, raw) >= 0;
                }
                Span<byte> key = stackalloc byte[1];
                return Files.Read(KeyTerminal, key) == 1 ? key[0] : -1;
            }

            internal void Restore()
            {
                if (_raw)
                    Terminal.SetSettings(KeyTerminal, _saved);
            }
        }
    }
}
