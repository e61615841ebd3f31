using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// read [-r] name...: one line of standard input split into variables.
public sealed partial class Shell
{
    private int Read(List<string> argv, ShellIo io)
    {
        int first = 1;
        bool raw = argv.Count > 1 && argv[1] == "-r";
        if (raw)
            first = 2;
        var names = new List<string>();
        for (int i = first; i < argv.Count; i++)
        {
            if (!Lexer.IsName(argv[i]))
                return Fail(io, "read: bad variable name: " + argv[i], 2);
            names.Add(argv[i]);
        }
        if (names.Count == 0)
            names.Add("REPLY");

        bool complete = ReadLine(io.Input, raw, out string line);
        string ifs = GetVariable("IFS") ?? DefaultIfs;
        int pos = 0;
        for (int k = 0; k < names.Count; k++)
        {
            while (pos < line.Length && IsIfsWhite(ifs, line[pos]))
                pos++;
            int end = pos;
            if (k == names.Count - 1)
            {
                // The last variable takes the rest of the line, less trailing
                // IFS white space.
                end = line.Length;
                while (end > pos && IsIfsWhite(ifs, line[end - 1]))
                    end--;
                SetVariable(names[k], line.Substring(pos, end - pos));
                break;
            }
            while (end < line.Length && ifs.IndexOf(line[end]) < 0)
                end++;
            SetVariable(names[k], line.Substring(pos, end - pos));
            pos = end < line.Length ? end + 1 : end;
        }
        return complete ? 0 : 1;
    }

    private static bool IsIfsWhite(string ifs, char c) => (c == ' ' || c == '\t' || c == '\n') && ifs.IndexOf(c) >= 0;

    // Reads byte by byte so that nothing past the newline is consumed: the
    // rest of the input belongs to the next command. Returns false at end of
    // input before a newline. Without -r, backslash-newline continues the
    // line and a backslash quotes the next character.
    private static bool ReadLine(IShellInput input, bool raw, out string line)
    {
        var bytes = new List<byte>();
        byte[] one = new byte[1];
        bool complete = false;
        while (input.Read(one) == 1)
        {
            if (one[0] == (byte)'\n')
            {
                if (!raw && bytes.Count > 0 && bytes[bytes.Count - 1] == (byte)'\\' && !EscapedBackslash(bytes))
                {
                    bytes.RemoveAt(bytes.Count - 1);
                    continue;
                }
                complete = true;
                break;
            }
            bytes.Add(one[0]);
        }
        string text = Utf8.Decode(bytes.ToArray());
        if (!raw)
        {
            var unescaped = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                    i++;
                unescaped.Append(text[i]);
            }
            text = unescaped.ToString();
        }
        line = text;
        return complete;
    }

    // Whether the backslash at the end of bytes is itself quoted (an even
    // run of backslashes before it).
    private static bool EscapedBackslash(List<byte> bytes)
    {
        int run = 0;
        for (int i = bytes.Count - 1; i >= 0 && bytes[i] == (byte)'\\'; i--)
            run++;
        return run % 2 == 0;
    }
}
