using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Od
{
    // od [-bcdoxv] [file...]: the bytes of the files ("-" or none:
    // standard input, one stream) 16 to a line after their octal offset,
    // in the formats asked for (Common/OctalDump: -b octal bytes, -c
    // characters, -d decimal words, -o octal words (the default), -x
    // hexadecimal words); repeated lines become "*" unless -v.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("od", "bcdoxv", "[-bcdoxv] [file...]");
            if (line == null)
                return Tool.UsageStatus;
            string formats = "";
            string[] argv = Processes.Arguments();
            // The formats in the order given ("-xc" and "-c -x" differ).
            for (int i = 1; i < argv.Length && argv[i].Length > 1 && argv[i][0] == '-' && argv[i] != "--"; i++)
            {
                foreach (char c in argv[i].Substring(1))
                {
                    if (c != 'v' && formats.IndexOf(c) < 0)
                        formats += c.ToString();
                }
            }
            var dump = new OctalDump(formats, line.Has('v'));
            byte[] block = new byte[OctalDump.BlockBytes];
            int filled = 0;
            long offset = 0;
            int status = 0;
            foreach (string path in Inputs.OrStandardInput(line.Operands))
            {
                int fd = Inputs.Open(path);
                if (fd < 0)
                {
                    status = 1;
                    continue;
                }
                int read;
                // Blocks run on across files, as if they were one stream.
                while ((read = Files.Read(fd, new Span<byte>(block, filled, block.Length - filled))) > 0)
                {
                    filled += read;
                    if (filled < block.Length)
                        continue;
                    Put(dump.Block(offset, block, filled));
                    offset += filled;
                    filled = 0;
                }
                Inputs.Close(fd);
                if (read < 0)
                    status = Tool.Report(path, read);
            }
            if (filled > 0)
            {
                Put(dump.Block(offset, block, filled));
                offset += filled;
            }
            Tool.Out.Write(OctalDump.End(offset));
            return Tool.Finish(status);
        }

        private static void Put(string? text)
        {
            if (text != null)
                Tool.Out.Write(text);
        }
    }
}
