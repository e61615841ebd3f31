using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;

namespace Minix3.Cosmos.Commands.Grep
{
    // grep [-EFchilnqsv] [-e pattern | pattern] [file...]: the lines of the
    // files ("-" or none: standard input) that match a POSIX regular
    // expression (basic; -E extended; -F a fixed string; Common/Text/Regex,
    // a linear-time automaton). A pattern with newlines is several, any of
    // which may match. -i ignores case, -v selects the lines that do not
    // match, -c counts them, -l names the files that have one, -q says
    // only by the status, -n numbers lines, -h leaves out the file names
    // several files get, -s is silent about unreadable files. Status: 0 a
    // line was selected, 1 none, 2 an error.
    public static class Program
    {
        private const string Synopsis = "[-EFchilnqsv] [-e pattern | pattern] [file...]";

        public static int Main()
        {
            CommandLine line = CommandLine.Parse(Tool.Begin("grep"), "grep", "EFchilnqsv", "e");
            if (line.Error != null)
                return Fail(line.Error);
            string? text = line.Value('e');
            if (text == null)
            {
                if (line.Operands.Count == 0)
                    return Fail("no pattern");
                text = line.Operands[0];
                line.Operands.RemoveAt(0);
            }
            if (line.Has('E') && line.Has('F'))
                return Fail("-E and -F exclude each other");
            List<Regex>? patterns = Compile(text, line.Has('E'), line.Has('F'), line.Has('i'));
            if (patterns == null)
                return Tool.Finish(2);
            var search = new Search(patterns, line);
            var operands = Inputs.OrStandardInput(line.Operands);
            bool names = operands.Count > 1 && !line.Has('h');
            bool selected = false, failed = false;
            foreach (string path in operands)
            {
                int fd = path == "-" ? 0 : Lib.Posix.Files.Open(path, Lib.Posix.OpenFlags.Read);
                if (fd < 0)
                {
                    if (!line.Has('s'))
                        Tool.Report(path, fd);
                    failed = true;
                    continue;
                }
                int status = search.File(fd, names ? (path == "-" ? "(standard input)" : path) : null, path == "-" ? "(standard input)" : path);
                Inputs.Close(fd);
                if (status < 0)
                {
                    if (!line.Has('s'))
                        Tool.Report(path, status);
                    failed = true;
                }
                selected |= search.Selected;
                if (selected && line.Has('q'))
                    break;
            }
            // POSIX: with -q a selected line is success even after errors.
            return Tool.Finish(selected && (line.Has('q') || !failed) ? 0 : failed ? 2 : 1);
        }

        private static int Fail(string problem)
        {
            Tool.Usage(problem, Synopsis);
            return Tool.Finish(2);
        }

        // One Regex per line of the pattern text.
        private static List<Regex>? Compile(string text, bool extended, bool fixedString, bool ignoreCase)
        {
            var patterns = new List<Regex>();
            int start = 0;
            while (start <= text.Length)
            {
                int newline = text.IndexOf('\n', start);
                int end = newline < 0 ? text.Length : newline;
                byte[] pattern = Utf8Text.Encode(text.Substring(start, end - start));
                if (fixedString)
                {
                    patterns.Add(Regex.Literal(pattern, ignoreCase));
                }
                else
                {
                    Regex? regex = Regex.Compile(pattern, extended, ignoreCase, out string? error);
                    if (regex == null)
                    {
                        Tool.Report("'" + text.Substring(start, end - start) + "'", error ?? "bad pattern");
                        return null;
                    }
                    patterns.Add(regex);
                }
                start = end + 1;
            }
            return patterns;
        }

        // The selection over one file and what is printed for it.
        private sealed class Search
        {
            private readonly List<Regex> _patterns;
            private readonly bool _invert, _count, _list, _quiet, _numbers;

            internal Search(List<Regex> patterns, CommandLine line)
            {
                _patterns = patterns;
                _invert = line.Has('v');
                _count = line.Has('c');
                _list = line.Has('l');
                _quiet = line.Has('q');
                _numbers = line.Has('n');
            }

            internal bool Selected { get; private set; }

            // 0 or the read status that ended the file early.
            internal int File(int fd, string? prefix, string name)
            {
                Selected = false;
                var reader = new LineReader(new DescriptorSource(fd));
                long number = 0, selected = 0;
                while (reader.Next())
                {
                    number++;
                    if (Matches(reader.Line) == _invert)
                        continue;
                    selected++;
                    Selected = true;
                    if (_quiet)
                        return 0;
                    if (_list)
                        break;
                    if (_count)
                        continue;
                    if (prefix != null)
                        Tool.Out.Write(prefix + ":");
                    if (_numbers)
                        Tool.Out.Write(number.ToString() + ":");
                    Tool.Out.Write(reader.Line);
                    Tool.Out.Write("\n");
                    if (Tool.Out.Status != 0)
                        return 0;
                }
                if (_list && Selected)
                    Tool.Out.Write(name + "\n");
                else if (_count && !_list)
                    Tool.Out.Write((prefix != null ? prefix + ":" : "") + selected.ToString() + "\n");
                return reader.Status;
            }

            private bool Matches(System.ReadOnlySpan<byte> line)
            {
                foreach (Regex pattern in _patterns)
                {
                    if (pattern.IsMatch(line))
                        return true;
                }
                return false;
            }
        }
    }
}
