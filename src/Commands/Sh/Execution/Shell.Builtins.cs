using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// Commands the shell runs itself, because they change the shell (exit, shift,
// cd, set, ...) or because a script should not need a process for them
// (echo, test).
public sealed partial class Shell
{
    private static bool IsBuiltin(string name)
    {
        switch (name)
        {
            case "echo": case "test": case "[": case "true": case "false": case "read": case "cd":
            case "pwd": case "wait":
                return true;
            default:
                return IsSpecialBuiltin(name);
        }
    }

    // POSIX's special builtins: assignments written before them persist.
    private static bool IsSpecialBuiltin(string name)
    {
        switch (name)
        {
            case ":": case "exit": case "export": case "shift": case "set": case "unset":
            case "return": case "break": case "continue":
                return true;
            default:
                return false;
        }
    }

    private int RunBuiltin(string name, List<string> argv, ShellIo io)
    {
        try
        {
            switch (name)
            {
                case ":": case "true": return 0;
                case "false": return 1;
                case "echo": return Echo(argv, io);
                case "test": return Test(argv, 1, argv.Count, io);
                case "[":
                    if (argv[argv.Count - 1] != "]")
                        return Fail(io, "[: missing ']'", 2);
                    return Test(argv, 1, argv.Count - 1, io);
                case "exit": return Exit(argv, io);
                case "return": return Return(argv, io);
                case "break": case "continue": return BreakOrContinue(name, argv, io);
                case "shift": return Shift(argv, io);
                case "export": return Export(argv, io);
                case "unset": return Unset(argv, io);
                case "set": return Set(argv, io);
                case "cd": return ChangeDirectory(argv, io);
                case "pwd": return PrintWorkingDirectory(argv, io);
                case "wait": return Wait(argv, io);
                default: return Read(argv, io);
            }
        }
        catch (ShellFatalException)
        {
            throw;
        }
        catch (Exception e)
        {
            // A failing output stream, mostly.
            return Fail(io, name + ": " + e.Message, 1);
        }
    }

    private int Fail(ShellIo io, string message, int status)
    {
        Report(io, $"line {_line}: {message}");
        return status;
    }

    private static void Write(IShellOutput output, string text) => output.Write(Utf8.Encode(text));

    // echo [-n] words: no backslash escapes, which POSIX leaves open.
    private static int Echo(List<string> argv, ShellIo io)
    {
        int first = argv.Count > 1 && argv[1] == "-n" ? 2 : 1;
        var text = new StringBuilder();
        for (int i = first; i < argv.Count; i++)
        {
            if (i > first)
                text.Append(' ');
            text.Append(argv[i]);
        }
        if (first == 1)
            text.Append('\n');
        Write(io.Output, text.ToString());
        return 0;
    }

    private int Test(List<string> argv, int start, int end, ShellIo io)
    {
        var arguments = new List<string>();
        for (int i = start; i < end; i++)
            arguments.Add(argv[i]);
        int status = TestExpression.Evaluate(arguments, _host, out string? error);
        return error != null ? Fail(io, argv[0] + ": " + error, 2) : status;
    }

    // A status argument: decimal, 0-255 after truncation, as in sh.
    private static bool TryParseStatus(string text, out int status)
    {
        status = 0;
        if (text.Length == 0 || text.Length > 9)
            return false;
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
                return false;
            status = status * 10 + (c - '0');
        }
        status &= 0xFF;
        return true;
    }

    // A decimal count or pid: digits only, below a billion.
    private static bool TryParseCount(string text, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 9)
            return false;
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private int Exit(List<string> argv, ShellIo io)
    {
        int status = LastStatus;
        if (argv.Count > 1 && !TryParseStatus(argv[1], out status))
            status = Fail(io, "exit: illegal number: " + argv[1], 2);
        _flow = Flow.Exit;
        _flowStatus = status;
        return status;
    }

    private int Return(List<string> argv, ShellIo io)
    {
        if (_functionDepth == 0)
            return Fail(io, "return: not in a function", 1);
        int status = LastStatus;
        if (argv.Count > 1 && !TryParseStatus(argv[1], out status))
            status = Fail(io, "return: illegal number: " + argv[1], 2);
        _flow = Flow.Return;
        _flowStatus = status;
        return status;
    }

    private int BreakOrContinue(string name, List<string> argv, ShellIo io)
    {
        int count = 1;
        if (argv.Count > 1 && (!TryParseStatus(argv[1], out count) || count == 0))
            return Fail(io, name + ": illegal count: " + argv[1], 2);
        if (_loopDepth == 0)
            return 0;
        _flow = name == "break" ? Flow.Break : Flow.Continue;
        _flowCount = Math.Min(count, _loopDepth);
        return 0;
    }

    private int Shift(List<string> argv, ShellIo io)
    {
        int count = 1;
        if (argv.Count > 1 && !TryParseStatus(argv[1], out count))
            return Fail(io, "shift: illegal number: " + argv[1], 2);
        if (count > _positional.Count)
            return Fail(io, "shift: can't shift that many", 1);
        var rest = new List<string>(_positional.Count - count);
        for (int i = count; i < _positional.Count; i++)
            rest.Add(_positional[i]);
        _positional = rest;
        return 0;
    }

    // export NAME[=value]...; with no names (or -p), lists the exported
    // variables.
    private int Export(List<string> argv, ShellIo io)
    {
        if (argv.Count == 1 || (argv.Count == 2 && argv[1] == "-p"))
        {
            foreach (string entry in BuildEnvironment(new List<string>(), new List<string>()))
                Write(io.Output, "export " + entry + "\n");
            return 0;
        }
        int status = 0;
        for (int i = 1; i < argv.Count; i++)
        {
            string argument = argv[i];
            int equals = argument.IndexOf('=');
            string name = equals < 0 ? argument : argument.Substring(0, equals);
            if (!Lexer.IsName(name))
            {
                status = Fail(io, "export: bad variable name: " + name, 1);
                continue;
            }
            if (equals >= 0)
                _variables[name] = argument.Substring(equals + 1);
            _exported[name] = true;
        }
        return status;
    }

    // unset [-v] name... removes variables; unset -f name... functions.
    private int Unset(List<string> argv, ShellIo io)
    {
        int first = 1;
        bool functions = false;
        if (argv.Count > 1 && (argv[1] == "-f" || argv[1] == "-v"))
        {
            functions = argv[1] == "-f";
            first = 2;
        }
        for (int i = first; i < argv.Count; i++)
        {
            if (functions)
            {
                _functions.Remove(argv[i]);
            }
            else
            {
                _variables.Remove(argv[i]);
                _exported.Remove(argv[i]);
            }
        }
        return 0;
    }

    // set [--] arguments replaces the positional parameters; bare `set`
    // lists the variables. Options (-e, -x, ...) are not supported.
    private int Set(List<string> argv, ShellIo io)
    {
        if (argv.Count == 1)
        {
            var lines = new List<string>();
            foreach (KeyValuePair<string, string> entry in _variables)
                lines.Add(entry.Key + "='" + entry.Value + "'");
            lines.Sort(string.CompareOrdinal);
            foreach (string line in lines)
                Write(io.Output, line + "\n");
            return 0;
        }
        int first = 1;
        if (argv[1] == "--")
            first = 2;
        else if (argv[1].Length > 1 && (argv[1][0] == '-' || argv[1][0] == '+'))
            return Fail(io, "set: unsupported option " + argv[1], 2);
        _positional = new List<string>(argv.Count);
        for (int i = first; i < argv.Count; i++)
            _positional.Add(argv[i]);
        return 0;
    }

    // cd [directory | -]: HOME without an operand, OLDPWD for "-" (which
    // is then printed). PWD and OLDPWD follow, as POSIX asks.
    private int ChangeDirectory(List<string> argv, ShellIo io)
    {
        bool back = argv.Count > 1 && argv[1] == "-";
        string? directory = back ? GetVariable("OLDPWD") : argv.Count > 1 ? argv[1] : GetVariable("HOME");
        if (directory == null)
            return Fail(io, back ? "cd: OLDPWD not set" : "cd: HOME not set", 1);
        string? before = _host.TryGetWorkingDirectory(out string old, out _) ? old : GetVariable("PWD");
        if (!_host.ChangeDirectory(directory, out string error))
            return Fail(io, "cd: " + directory + ": " + error, 1);
        if (before != null)
            SetVariable("OLDPWD", before);
        if (_host.TryGetWorkingDirectory(out string now, out _))
            SetVariable("PWD", now);
        if (back)
            Write(io.Output, (GetVariable("PWD") ?? directory) + "\n");
        return 0;
    }

    // pwd [-L | -P]: the working directory. The file system has no
    // symbolic links, so the logical and the physical one are the same.
    private int PrintWorkingDirectory(List<string> argv, ShellIo io)
    {
        for (int i = 1; i < argv.Count; i++)
        {
            if (argv[i] != "-L" && argv[i] != "-P")
                return Fail(io, "pwd: bad option " + argv[i], 2);
        }
        if (!_host.TryGetWorkingDirectory(out string path, out string error))
            return Fail(io, "pwd: " + error, 1);
        Write(io.Output, path + "\n");
        return 0;
    }
}
