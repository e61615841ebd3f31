using System;
using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Tail
{
    // tail [-n [+]N | -c [+]N] [file]: the last N lines (10 by default) or
    // bytes of the file ("-" or none: standard input), or with "+N"
    // everything from the Nth line (byte) on, counted from 1; "tail -5" and
    // "tail +5" are the old spellings. The input is read once, keeping only
    // the last N lines (or bytes) in memory, so pipes work as files do.
    public static class Program
    {
        private const string Synopsis = "[-n [+]lines | -c [+]bytes] [file]";

        public static int Main()
        {
            string[] argv = LineCount.Modernize(Tool.Begin("tail"), plusAllowed: true);
            CommandLine line = CommandLine.Parse(argv, "tail", "", "nc");
            if (line.Error != null)
                return Tool.Usage(line.Error, Synopsis);
            bool bytes = line.Value('c') != null;
            if (bytes && line.Value('n') != null)
                return Tool.Usage("-n and -c exclude each other", Synopsis);
            var count = new LineCount(10, false, bytes);
            string? given = bytes ? line.Value('c') : line.Value('n');
            if (given != null && !LineCount.TryParse(given, plusAllowed: true, bytes, out count))
                return Tool.Usage("invalid count '" + given + "'", Synopsis);
            if (line.Operands.Count > 1)
                return Tool.Usage("one file at most", Synopsis);
            string path = line.Operands.Count == 0 ? "-" : line.Operands[0];
            int fd = Inputs.Open(path);
            if (fd < 0)
                return Tool.Finish(1);
            int result = bytes ? Bytes(fd, count) : Lines(fd, count);
            Inputs.Close(fd);
            return Tool.Finish(result < 0 ? Tool.Report(path, result) : 0);
        }

        private static int Lines(int fd, LineCount count)
        {
            var reader = new LineReader(new DescriptorSource(fd));
            if (count.FromStart)
            {
                for (long n = 1; reader.Next(); n++)
                {
                    if (n >= count.Count)
                        Put(reader.Line, reader.HasNewline);
                }
                return reader.Status;
            }
            // A ring of the last Count lines.
            int keep = count.Count > 1 << 20 ? 1 << 20 : (int)count.Count;
            var ring = new List<byte[]>();
            var newline = new List<bool>();
            int next = 0;
            while (keep > 0 && reader.Next())
            {
                if (ring.Count < keep)
                {
                    ring.Add(reader.CopyLine());
                    newline.Add(reader.HasNewline);
                    continue;
                }
                ring[next] = reader.CopyLine();
                newline[next] = reader.HasNewline;
                next = (next + 1) % keep;
            }
            for (int i = 0; i < ring.Count; i++)
            {
                int at = (next + i) % ring.Count;
                Put(ring[at], newline[at]);
            }
            return reader.Status;
        }

        private static void Put(ReadOnlySpan<byte> text, bool newline)
        {
            Tool.Out.Write(text);
            if (newline)
                Tool.Out.Write("\n");
        }

        private static int Bytes(int fd, LineCount count)
        {
            byte[] buffer = new byte[4096];
            if (count.FromStart)
            {
                long skip = count.Count > 0 ? count.Count - 1 : 0;
                int read;
                while ((read = Files.Read(fd, buffer)) > 0)
                {
                    int from = skip >= read ? read : (int)skip;
                    skip -= from;
                    Tool.Out.Write(new ReadOnlySpan<byte>(buffer, from, read - from));
                }
                return read;
            }
            int keep = count.Count > 1 << 24 ? 1 << 24 : (int)count.Count;
            byte[] ring = new byte[keep];
            long total = 0;
            int got;
            while ((got = Files.Read(fd, buffer)) > 0)
            {
                for (int i = 0; i < got && keep > 0; i++)
                    ring[(total + i) % keep] = buffer[i];
                total += got;
            }
            if (got < 0)
                return got;
            if (total < keep)
            {
                Tool.Out.Write(new ReadOnlySpan<byte>(ring, 0, (int)total));
                return 0;
            }
            // The oldest kept byte is where the next one would have gone.
            int oldest = keep == 0 ? 0 : (int)(total % keep);
            Tool.Out.Write(new ReadOnlySpan<byte>(ring, oldest, keep - oldest));
            Tool.Out.Write(new ReadOnlySpan<byte>(ring, 0, oldest));
            return 0;
        }
    }
}
