using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // The keyboard, as tty's /dev/console: prints "swifi: keys ID R WORD"
    // on the kernel log, WORD = "k" ID "x" R; the host types WORD and
    // Enter (QEMU's sendkey), again every second until the agent's next
    // log line. Lines of other such words (late retypes) are skipped; a
    // line that is no such word is a wrong result. Bounded by WaitMs.
    public sealed class KeyboardWorkload : Workload
    {
        public const long WaitMs = 4_000;
        private const string Path = "/dev/console";

        private int _fd = -1;
        private TerminalLines? _lines;

        public override string? Round(int trial, int round)
        {
            if (_fd < 0)
            {
                _fd = Files.Open(Path, OpenFlags.Read);
                if (_fd < 0)
                    return Failed("console-open", _fd);
                _lines = new TerminalLines(_fd);
            }
            string word = string.Concat("k", trial.ToString(), "x", round.ToString());
            Diagnostics.Print(string.Concat("swifi: keys ", trial.ToString(), " ", round.ToString(), " ", word));
            long deadline = Lib.Sys.Process.UptimeMs() + WaitMs;
            while (true)
            {
                string? line = _lines!.Next(deadline);
                if (line == null)
                {
                    if (_lines.Problem == "timeout")
                        return "timeout";
                    Files.Close(_fd);
                    _fd = -1;
                    return "console-" + _lines.Problem;
                }
                if (line == word)
                    return null;
                if (!IsWord(line))
                    return "garbled:" + Text.Word(line);
            }
        }

        // k<digits>x<digits>
        private static bool IsWord(string line)
        {
            int x = line.IndexOf('x');
            return line.Length > 3 && line[0] == 'k' && x > 1 && x < line.Length - 1 && Digits(line, 1, x) && Digits(line, x + 1, line.Length);
        }

        private static bool Digits(string text, int from, int to)
        {
            for (int i = from; i < to; i++)
                if (text[i] < '0' || text[i] > '9')
                    return false;
            return true;
        }
    }
}
