using System;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Yes
{
    // yes [string...]: the operands joined by spaces (or "y"), one line
    // after another, until the writes fail. A reader that goes away makes
    // the next write raise SIGPIPE, which ends yes (status 141); with
    // SIGPIPE ignored the write fails with "Broken pipe" and yes ends 1.
    public static class Program
    {
        public static int Main()
        {
            string[] argv = Tool.Begin("yes");
            var line = new StringBuilder();
            for (int i = 1; i < argv.Length; i++)
            {
                if (i > 1)
                    line.Append(' ');
                line.Append(argv[i]);
            }
            if (argv.Length < 2)
                line.Append('y');
            line.Append('\n');
            byte[] one = Utf8Text.Encode(line.ToString());
            // Whole lines in a block of about 4 KiB: one write per block.
            int copies = one.Length >= 4096 ? 1 : 4096 / one.Length;
            byte[] block = new byte[one.Length * copies];
            for (int c = 0; c < copies; c++)
                Array.Copy(one, 0, block, c * one.Length, one.Length);
            while (true)
            {
                ReadOnlySpan<byte> rest = block;
                while (rest.Length > 0)
                {
                    int written = Files.Write(Files.StandardOutput, rest);
                    if (written <= 0)
                        return Tool.Report("write error", written < 0 ? written : -5);
                    rest = rest.Slice(written);
                }
            }
        }
    }
}
