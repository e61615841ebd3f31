using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Sort
{
    // sort [-nru] [-o output] [file...]: the lines of all the files ("-" or
    // none: standard input) in order (Common/Text/LineSort: bytes, or -n by
    // leading number; -r reversed; -u one of each run of equal keys),
    // written to standard output or -o's file (which may be an input: it
    // is written only after everything was read). Every line is held in
    // memory; a line without a final newline gets one.
    public static class Program
    {
        public static int Main()
        {
            CommandLine line = CommandLine.Parse(Tool.Begin("sort"), "sort", "nru", "o");
            if (line.Error != null)
                return Tool.Usage(line.Error, "[-nru] [-o output] [file...]");
            var order = new LineSort { Numeric = line.Has('n'), Reverse = line.Has('r'), Unique = line.Has('u') };
            var lines = new List<byte[]>();
            int status = 0;
            foreach (string path in Inputs.OrStandardInput(line.Operands))
            {
                int fd = Inputs.Open(path);
                if (fd < 0)
                    return Tool.Finish(2);
                var reader = new LineReader(new DescriptorSource(fd));
                while (reader.Next())
                    lines.Add(reader.CopyLine());
                Inputs.Close(fd);
                if (reader.Status < 0)
                {
                    Tool.Report(path, reader.Status);
                    return Tool.Finish(2);
                }
            }
            order.Apply(lines);
            string? target = line.Value('o');
            OutputBuffer output = Tool.Out;
            int fdOut = -1;
            if (target != null)
            {
                fdOut = Files.Open(target, OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
                if (fdOut < 0)
                {
                    Tool.Report(target, fdOut);
                    return Tool.Finish(2);
                }
                output = new OutputBuffer(new DescriptorSink(fdOut));
            }
            foreach (byte[] text in lines)
            {
                output.Write(text);
                output.Write("\n");
            }
            if (fdOut >= 0)
            {
                if (!output.Flush())
                {
                    Tool.Report(target!, output.Status);
                    status = 2;
                }
                Files.Close(fdOut);
            }
            return Tool.Finish(status);
        }
    }
}
