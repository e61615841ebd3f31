using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Wc
{
    // wc [-lwc] [file...]: for each file ("-" or none: standard input) the
    // number of newlines, words and bytes, as POSIX prints them ("%d %d %d
    // %s"; only the counts asked for, in that order, the name left out for
    // standard input), and a "total" line for several files.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("wc", "lwcm", "[-lwc] [file...]");
            if (line == null)
                return Tool.UsageStatus;
            bool lines = line.Has('l'), words = line.Has('w'), bytes = line.Has('c') || line.Has('m');
            if (!lines && !words && !bytes)
                lines = words = bytes = true;
            bool named = line.Operands.Count > 0;
            var operands = Inputs.OrStandardInput(line.Operands);
            var total = new WordCount();
            byte[] buffer = new byte[32 * 1024];
            int status = 0;
            foreach (string path in operands)
            {
                int fd = Inputs.Open(path);
                if (fd < 0)
                {
                    status = 1;
                    continue;
                }
                var count = new WordCount();
                int read;
                while ((read = Files.Read(fd, buffer)) > 0)
                    count.Add(new ReadOnlySpan<byte>(buffer, 0, read));
                Inputs.Close(fd);
                if (read < 0)
                    status = Tool.Report(path, read);
                Tool.Out.Write(count.Format(lines, words, bytes, named ? path : null));
                total.Include(count);
            }
            if (operands.Count > 1)
                Tool.Out.Write(total.Format(lines, words, bytes, "total"));
            return Tool.Finish(status);
        }
    }
}
