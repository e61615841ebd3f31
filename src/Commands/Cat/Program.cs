using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Cat
{
    // cat [file...]: each file's bytes in order to standard output; no
    // operands, or "-", is standard input. A file that cannot be read is
    // reported and skipped; the status is then 1.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("cat", "", "[file...]");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count == 0)
                line.Operands.Add("-");
            byte[] buffer = new byte[32 * 1024];
            int status = 0;
            foreach (string path in line.Operands)
            {
                if (!Copy(path, buffer))
                    status = 1;
                if (Tool.Out.Status != 0)
                    break;
            }
            return Tool.Finish(status);
        }

        private static bool Copy(string path, byte[] buffer)
        {
            bool standardInput = path == "-";
            int fd = standardInput ? Files.StandardInput : Files.Open(path, OpenFlags.Read);
            if (fd < 0)
            {
                Tool.Report(path, fd);
                return false;
            }
            int count;
            while ((count = Files.Read(fd, buffer)) > 0)
            {
                // One write per read: a terminal's lines must come back as
                // they are typed, and a pipe's bytes as they come.
                Tool.Out.Write(new ReadOnlySpan<byte>(buffer, 0, count));
                if (!Tool.Out.Flush())
                    break;
            }
            if (!standardInput)
                Files.Close(fd);
            if (count < 0)
            {
                Tool.Report(path, count);
                return false;
            }
            return true;
        }
    }
}
