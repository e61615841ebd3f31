using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // The serial driver, as tty's /dev/tty00 (COM2): writes
    // "swifi-ping ID R\n" and reads lines until "swifi-pong ID R", which
    // the host sends back for each ping (and again every second until the
    // next ping, so lost bytes are retried). Old pongs and tty's echo of
    // the host's lines are skipped; a line that is no pong at all is a
    // wrong result. Bounded by WaitMs of guest time.
    public sealed class SerialWorkload : Workload
    {
        public const long WaitMs = 4_000;
        private const string Path = "/dev/tty00";

        private int _fd = -1;
        private TerminalLines? _lines;

        public override string? Round(int trial, int round)
        {
            if (_fd < 0)
            {
                _fd = Files.Open(Path, OpenFlags.ReadWrite);
                if (_fd < 0)
                    return Failed("tty00-open", _fd);
                _lines = new TerminalLines(_fd);
            }
            string suffix = string.Concat(" ", trial.ToString(), " ", round.ToString());
            byte[] ping = Ascii("swifi-ping" + suffix + "\n");
            string? wrong = WriteAll(_fd, ping, "tty00-write");
            if (wrong != null)
                return Reopen(wrong);
            string pong = "swifi-pong" + suffix;
            long deadline = Lib.Sys.Process.UptimeMs() + WaitMs;
            while (true)
            {
                string? line = _lines!.Next(deadline);
                if (line == null)
                    return _lines.Problem == "timeout" ? "timeout" : Reopen("tty00-" + _lines.Problem);
                if (line == pong)
                    return null;
                if (!line.StartsWith("swifi-pong ") && !line.StartsWith("swifi-ping "))
                    return "garbled:" + Text.Word(line);
            }
        }

        // A failed descriptor is opened afresh next round (tty may have
        // lost its terminal with the driver).
        private string Reopen(string wrong)
        {
            Files.Close(_fd);
            _fd = -1;
            return wrong;
        }

        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            return bytes;
        }
    }
}
