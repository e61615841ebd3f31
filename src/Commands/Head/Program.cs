using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Head
{
    // head [-n N | -c N] [file...]: the first N lines (10 by default) or N
    // bytes of each file ("-" or none: standard input); "head -5" is
    // "head -n 5". With several files each is headed "==> name <==". head
    // stops reading as soon as it has its lines, so a producer writing to
    // it through a pipe gets SIGPIPE and ends (`yes | head -n 3`).
    public static class Program
    {
        private const string Synopsis = "[-n lines | -c bytes] [file...]";

        public static int Main()
        {
            string[] argv = LineCount.Modernize(Tool.Begin("head"), plusAllowed: false);
            CommandLine line = CommandLine.Parse(argv, "head", "", "nc");
            if (line.Error != null)
                return Tool.Usage(line.Error, Synopsis);
            bool bytes = line.Value('c') != null;
            if (bytes && line.Value('n') != null)
                return Tool.Usage("-n and -c exclude each other", Synopsis);
            long count = 10;
            string? given = bytes ? line.Value('c') : line.Value('n');
            if (given != null)
            {
                if (!LineCount.TryParse(given, plusAllowed: false, bytes, out LineCount parsed))
                    return Tool.Usage("invalid count '" + given + "'", Synopsis);
                count = parsed.Count;
            }
            var operands = Inputs.OrStandardInput(line.Operands);
            int status = 0;
            for (int i = 0; i < operands.Count; i++)
            {
                if (operands.Count > 1)
                    Tool.Out.Write((i > 0 ? "\n" : "") + "==> " + (operands[i] == "-" ? "standard input" : operands[i]) + " <==\n");
                int fd = Inputs.Open(operands[i]);
                if (fd < 0)
                {
                    status = 1;
                    continue;
                }
                int result = bytes ? CopyBytes(fd, count) : CopyLines(fd, count);
                Inputs.Close(fd);
                if (result < 0)
                    status = Tool.Report(operands[i], result);
                if (Tool.Out.Status != 0)
                    break;
            }
            return Tool.Finish(status);
        }

        // Lines as they are (the last one without "\n" stays so).
        private static int CopyLines(int fd, long count)
        {
            var reader = new LineReader(new DescriptorSource(fd));
            for (long n = 0; n < count && reader.Next(); n++)
            {
                Tool.Out.Write(reader.Line);
                if (reader.HasNewline)
                    Tool.Out.Write("\n");
                if (Tool.Out.Status != 0)
                    return 0;
            }
            return reader.Status;
        }

        private static int CopyBytes(int fd, long count)
        {
            byte[] buffer = new byte[32 * 1024];
            while (count > 0)
            {
                int want = count < buffer.Length ? (int)count : buffer.Length;
                int read = Files.Read(fd, new Span<byte>(buffer, 0, want));
                if (read <= 0)
                    return read;
                Tool.Out.Write(new ReadOnlySpan<byte>(buffer, 0, read));
                if (Tool.Out.Status != 0)
                    return 0;
                count -= read;
            }
            return 0;
        }
    }
}
