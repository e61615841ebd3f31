using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Cksum
{
    // cksum [file...]: "<crc> <bytes> <name>" per file, the POSIX CRC of
    // Common/Cksum.cs, byte for byte what GNU cksum prints; no operands
    // (or "-") is standard input, printed without a name.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("cksum", "", "[file...]");
            if (line == null)
                return Tool.UsageStatus;
            byte[] buffer = new byte[32 * 1024];
            int status = 0;
            if (line.Operands.Count == 0)
                status = Sum("-", null, buffer);
            foreach (string path in line.Operands)
            {
                if (Sum(path, path == "-" ? null : path, buffer) != 0)
                    status = 1;
            }
            return Tool.Finish(status);
        }

        private static int Sum(string path, string? name, byte[] buffer)
        {
            int fd = name == null ? Files.StandardInput : Files.Open(path, OpenFlags.Read);
            if (fd < 0)
                return Tool.Report(path, fd);
            var sum = new Common.Cksum();
            int count;
            while ((count = Files.Read(fd, buffer)) > 0)
                sum.Update(new ReadOnlySpan<byte>(buffer, 0, count));
            if (name != null)
                Files.Close(fd);
            if (count < 0)
                return Tool.Report(path, count);
            Tool.Out.WriteLine(Common.Cksum.Line(sum.Finish(), sum.Length, name));
            return 0;
        }
    }
}
