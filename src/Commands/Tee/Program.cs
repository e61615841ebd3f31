using System;
using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Tee
{
    // tee [-ai] [file...]: standard input to standard output and to each
    // file (created or truncated; -a appends), as it comes. A file that
    // cannot be opened or written is reported and left out; the rest go
    // on (status 1). -i ignores Interrupt.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("tee", "ai", "[-ai] [file...]");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Has('i'))
                Processes.IgnoreSignal(Signal.Interrupt, true);
            OpenFlags flags = OpenFlags.Write | OpenFlags.Create | (line.Has('a') ? OpenFlags.Append : OpenFlags.Truncate);
            var targets = new List<int>();
            var names = new List<string>();
            targets.Add(Files.StandardOutput);
            names.Add("standard output");
            int status = 0;
            foreach (string path in line.Operands)
            {
                int fd = Files.Open(path, flags);
                if (fd < 0)
                {
                    status = Tool.Report(path, fd);
                    continue;
                }
                targets.Add(fd);
                names.Add(path);
            }
            byte[] buffer = new byte[32 * 1024];
            int read;
            while ((read = Files.Read(Files.StandardInput, buffer)) > 0)
            {
                for (int t = 0; t < targets.Count; t++)
                {
                    if (targets[t] < 0)
                        continue;
                    int result = WriteAll(targets[t], new ReadOnlySpan<byte>(buffer, 0, read));
                    if (result >= 0)
                        continue;
                    status = Tool.Report(names[t], result);
                    if (targets[t] > Files.StandardError)
                        Files.Close(targets[t]);
                    targets[t] = -1;
                }
            }
            if (read < 0)
                status = Tool.Report("standard input", read);
            for (int t = 1; t < targets.Count; t++)
            {
                if (targets[t] >= 0)
                    Files.Close(targets[t]);
            }
            return Tool.Finish(status);
        }

        private static int WriteAll(int fd, ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                int written = Files.Write(fd, data);
                if (written <= 0)
                    return written < 0 ? written : -5;
                data = data.Slice(written);
            }
            return 0;
        }
    }
}
