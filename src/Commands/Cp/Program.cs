using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Cp
{
    // cp source target: copies one file. A target that is a directory gets
    // the source's name inside it; an existing file is overwritten
    // (truncated first). Directories are not copied (no -r).
    public static class Program
    {
        public static int Main()
        {
            if (!SourceAndTarget.Parse("cp", out string source, out string target, out int usage))
                return usage;

            int result = Files.Stat(source, out FileStatus sourceStat);
            if (result < 0)
                return Tool.Finish(Tool.Report(source, result));
            if (sourceStat.Kind == FileKind.Directory)
                return Tool.Finish(Tool.Report(source, "is a directory (not copied)"));
            if (target == source)
                return Tool.Finish(Tool.Report(source, "source and target are the same file"));
            return Tool.Finish(Copy(source, target));
        }

        private static int Copy(string source, string target)
        {
            int input = Files.Open(source, OpenFlags.Read);
            if (input < 0)
                return Tool.Report(source, input);
            int output = Files.Open(target, OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
            if (output < 0)
            {
                Files.Close(input);
                return Tool.Report(target, output);
            }
            int status = 0;
            byte[] buffer = new byte[4096];
            while (status == 0)
            {
                int count = Files.Read(input, buffer);
                if (count == 0)
                    break;
                if (count < 0)
                {
                    status = Tool.Report(source, count);
                    break;
                }
                status = WriteAll(output, new ReadOnlySpan<byte>(buffer, 0, count), target);
            }
            Files.Close(input);
            int closed = Files.Close(output);
            if (closed < 0 && status == 0)
                status = Tool.Report(target, closed);
            return status;
        }

        private static int WriteAll(int fd, ReadOnlySpan<byte> data, string path)
        {
            while (data.Length > 0)
            {
                int written = Files.Write(fd, data);
                if (written <= 0)
                    return Tool.Report(path, written < 0 ? written : -5);
                data = data.Slice(written);
            }
            return 0;
        }
    }
}
