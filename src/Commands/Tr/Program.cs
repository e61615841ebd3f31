using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Tr
{
    // tr [-c] [-d] [-s] set1 [set2]: standard input to standard output with
    // set1's bytes translated to set2's, deleted (-d) or their runs
    // squeezed (-s); -c complements set1 (Common/Text/Translation has the
    // set syntax).
    public static class Program
    {
        private const string Synopsis = "[-cds] set1 [set2]";

        public static int Main()
        {
            CommandLine? line = Tool.Start("tr", "cCds", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count < 1 || line.Operands.Count > 2)
                return Tool.Usage(line.Operands.Count == 0 ? "missing operand" : "extra operand '" + line.Operands[2] + "'", Synopsis);
            Translation? translation = Translation.Create(line.Has('c') || line.Has('C'), line.Has('d'), line.Has('s'),
                line.Operands[0], line.Operands.Count > 1 ? line.Operands[1] : null, out string? error);
            if (translation == null)
                return Tool.Usage(error!, Synopsis);
            byte[] input = new byte[4096], output = new byte[4096];
            int read;
            while ((read = Files.Read(Files.StandardInput, input)) > 0)
            {
                int count = translation.Apply(new ReadOnlySpan<byte>(input, 0, read), output);
                Tool.Out.Write(new ReadOnlySpan<byte>(output, 0, count));
                if (Tool.Out.Status != 0)
                    break;
            }
            return Tool.Finish(read < 0 ? Tool.Report("standard input", read) : 0);
        }
    }
}
