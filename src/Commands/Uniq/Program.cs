using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Uniq
{
    // uniq [-c | -d | -u] [input [output]]: each run of equal adjacent
    // lines once (-d: only runs of more than one, -u: only single lines),
    // with -c the run's length first ("%7d " as GNU and BSD print it).
    public static class Program
    {
        private const string Synopsis = "[-c | -d | -u] [input [output]]";

        public static int Main()
        {
            CommandLine? line = Tool.Start("uniq", "cdu", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 2)
                return Tool.Usage("extra operand '" + line.Operands[2] + "'", Synopsis);
            string input = line.Operands.Count > 0 ? line.Operands[0] : "-";
            int fd = Inputs.Open(input);
            if (fd < 0)
                return Tool.Finish(1);
            OutputBuffer output = Tool.Out;
            int fdOut = -1;
            if (line.Operands.Count == 2)
            {
                fdOut = Files.Open(line.Operands[1], OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
                if (fdOut < 0)
                    return Tool.Finish(Tool.Report(line.Operands[1], fdOut));
                output = new OutputBuffer(new DescriptorSink(fdOut));
            }
            bool count = line.Has('c'), repeated = line.Has('d'), single = line.Has('u');
            var reader = new LineReader(new DescriptorSource(fd));
            byte[]? current = null;
            long run = 0;
            while (reader.Next())
            {
                if (current != null && Same(current, reader.Line))
                {
                    run++;
                    continue;
                }
                if (current != null)
                    Put(output, current, run, count, repeated, single);
                current = reader.CopyLine();
                run = 1;
            }
            if (current != null)
                Put(output, current, run, count, repeated, single);
            Inputs.Close(fd);
            int status = reader.Status < 0 ? Tool.Report(input, reader.Status) : 0;
            if (fdOut >= 0)
            {
                if (!output.Flush())
                    status = Tool.Report(line.Operands[1], output.Status);
                Files.Close(fdOut);
            }
            return Tool.Finish(status);
        }

        private static bool Same(byte[] a, System.ReadOnlySpan<byte> b)
        {
            if (a.Length != b.Length)
                return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                    return false;
            }
            return true;
        }

        private static void Put(OutputBuffer output, byte[] text, long run, bool count, bool repeated, bool single)
        {
            if ((repeated && run < 2) || (single && run > 1))
                return;
            if (count)
                output.Write(Numbers.PadLeft(run.ToString(), 7) + " ");
            output.Write(text);
            output.Write("\n");
        }
    }
}
