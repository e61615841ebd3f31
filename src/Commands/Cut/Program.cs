using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;

namespace Minix3.Cosmos.Commands.Cut
{
    // cut -b list | -c list | -f list [-d delim] [-s] [file...]: from each
    // line the bytes (-b; -c is the same, characters being bytes here) or
    // the fields (-f, separated by -d's one character, a tab by default)
    // at the list's positions (Common/Text/FieldList), in input order.
    // With -f, a line without the delimiter is printed whole, or left out
    // with -s.
    public static class Program
    {
        private const string Synopsis = "-b list | -c list | -f list [-d delim] [-s] [file...]";

        public static int Main()
        {
            CommandLine line = CommandLine.Parse(Tool.Begin("cut"), "cut", "ns", "bcfd");
            if (line.Error != null)
                return Tool.Usage(line.Error, Synopsis);
            string? bytes = line.Value('b') ?? line.Value('c');
            string? fields = line.Value('f');
            if ((bytes == null) == (fields == null) || (line.Value('b') != null && line.Value('c') != null))
                return Tool.Usage("give one of -b, -c and -f", Synopsis);
            FieldList? list = FieldList.Parse(bytes ?? fields!, out string? error);
            if (list == null)
                return Tool.Usage(error!, Synopsis);
            byte delimiter = (byte)'\t';
            string? given = line.Value('d');
            if (given != null)
            {
                if (fields == null)
                    return Tool.Usage("-d only goes with -f", Synopsis);
                byte[] encoded = Utf8Text.Encode(given);
                if (encoded.Length != 1)
                    return Tool.Usage("the delimiter must be one byte", Synopsis);
                delimiter = encoded[0];
            }
            bool onlyDelimited = line.Has('s');
            int status = 0;
            foreach (string path in Inputs.OrStandardInput(line.Operands))
            {
                int fd = Inputs.Open(path);
                if (fd < 0)
                {
                    status = 1;
                    continue;
                }
                var reader = new LineReader(new DescriptorSource(fd));
                while (reader.Next())
                {
                    if (fields == null)
                        CutBytes(reader.Line, list);
                    else
                        CutFields(reader.Line, list, delimiter, onlyDelimited);
                }
                Inputs.Close(fd);
                if (reader.Status < 0)
                    status = Tool.Report(path, reader.Status);
            }
            return Tool.Finish(status);
        }

        private static void CutBytes(ReadOnlySpan<byte> text, FieldList list)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (list.Selected(i + 1))
                    Tool.Out.Write(text.Slice(i, 1));
            }
            Tool.Out.Write("\n");
        }

        private static bool Contains(ReadOnlySpan<byte> text, byte value)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == value)
                    return true;
            }
            return false;
        }

        private static void CutFields(ReadOnlySpan<byte> text, FieldList list, byte delimiter, bool onlyDelimited)
        {
            if (!Contains(text, delimiter))
            {
                if (!onlyDelimited)
                {
                    Tool.Out.Write(text);
                    Tool.Out.Write("\n");
                }
                return;
            }
            ReadOnlySpan<byte> separator = new[] { delimiter };
            bool first = true;
            int field = 1, start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != delimiter)
                    continue;
                if (list.Selected(field))
                {
                    if (!first)
                        Tool.Out.Write(separator);
                    Tool.Out.Write(text.Slice(start, i - start));
                    first = false;
                }
                field++;
                start = i + 1;
            }
            Tool.Out.Write("\n");
        }
    }
}
