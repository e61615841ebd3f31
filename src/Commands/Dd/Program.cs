using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Dd
{
    // dd [if=file] [of=file] [bs=n | ibs=n obs=n] [count=n] [skip=n]
    // [seek=n] [conv=notrunc,sync,noerror]: copies the input (standard
    // input without if=) to the output in blocks (Common/Dd: the operands,
    // the copy and its counts), then reports "a+b records in", "c+d
    // records out" and the bytes on standard error. skip= input blocks are
    // read and dropped; seek= output blocks are skipped by moving the
    // output file's position. The output file is truncated first unless
    // conv=notrunc or seek= is given (there is no ftruncate to cut it at
    // the seek point).
    public static class Program
    {
        public static int Main()
        {
            string[] argv = Tool.Begin("dd");
            DdOperands? operands = DdOperands.Parse(argv, 1, out string? error);
            if (operands == null)
                return Tool.Usage(error!, "[if=file] [of=file] [bs=n] [ibs=n] [obs=n] [count=n] [skip=n] [seek=n] [conv=notrunc,sync,noerror]");
            int input = Files.StandardInput, output = Files.StandardOutput;
            if (operands.Input != null && (input = Files.Open(operands.Input, OpenFlags.Read)) < 0)
                return Tool.Finish(Tool.Report(operands.Input, input));
            if (operands.Output != null)
            {
                OpenFlags flags = OpenFlags.Write | OpenFlags.Create;
                if (!operands.NoTruncate && operands.Seek == 0)
                    flags |= OpenFlags.Truncate;
                output = Files.Open(operands.Output, flags);
                if (output < 0)
                    return Tool.Finish(Tool.Report(operands.Output, output));
            }
            if (operands.Seek > 0)
            {
                long moved = Files.Seek(output, operands.Seek * operands.OutputBlock, SeekOrigin.Begin);
                if (moved < 0)
                    return Tool.Finish(Tool.Report(operands.Output ?? "standard output", (int)moved));
            }
            var copy = new DdCopy(operands, new DescriptorSource(input), new DescriptorSink(output));
            string inputName = operands.Input ?? "standard input";
            int status = copy.Run(readError => Tool.Report(inputName, readError));
            if (status < 0)
                Tool.Report(Failed(copy, operands), status);
            if (operands.Input != null)
                Files.Close(input);
            if (operands.Output != null)
                Files.Close(output);
            Tool.Err.Write(copy.Statistics.Format());
            return Tool.Finish(status < 0 ? 1 : 0);
        }

        // Which side failed: a read stops before the counts move, a write after.
        private static string Failed(DdCopy copy, DdOperands operands) => copy.WriteFailed
            ? operands.Output ?? "standard output"
            : operands.Input ?? "standard input";
    }
}
