using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// Simple commands: expansion, redirections, then a function, a builtin or an
// external program through the host, in that order of lookup.
public sealed partial class Shell
{
    private int ExecuteSimple(SimpleCommand command, ShellIo io)
    {
        _line = command.Line;
        bool lastInProcess = _lastInProcess;
        _lastInProcess = false;
        Tick();
        // POSIX order: words, then redirections, then assignment values.
        List<string> argv = ExpandFields(command.Words);
        var opened = new List<object>();
        try
        {
            ShellIo? redirected = ApplyRedirects(command.Redirects, io, opened);
            if (redirected == null)
                return 1;
            if (argv.Count == 0)
            {
                foreach (Assignment assignment in command.Assignments)
                    SetVariable(assignment.Name, ExpandSingle(assignment.Value));
                return 0;
            }

            var names = new List<string>();
            var values = new List<string>();
            foreach (Assignment assignment in command.Assignments)
            {
                names.Add(assignment.Name);
                values.Add(ExpandSingle(assignment.Value));
            }

            string name = argv[0];
            bool isFunction = _functions.TryGetValue(name, out FunctionDefinition? function);
            if (!isFunction && !IsBuiltin(name))
                return RunExternal(argv, names, values, redirected, lastInProcess);

            // `NAME=value command` sets NAME for that command only, except
            // for the special builtins (export, set, ...), where it stays.
            var saved = new List<string?>();
            bool keep = !isFunction && IsSpecialBuiltin(name);
            for (int i = 0; i < names.Count; i++)
            {
                saved.Add(GetVariable(names[i]));
                SetVariable(names[i], values[i]);
            }
            try
            {
                return isFunction ? CallFunction(function!, argv, redirected) : RunBuiltin(name, argv, redirected);
            }
            finally
            {
                if (!keep)
                {
                    for (int i = names.Count - 1; i >= 0; i--)
                    {
                        if (saved[i] == null)
                            _variables.Remove(names[i]);
                        else
                            _variables[names[i]] = saved[i]!;
                    }
                }
            }
        }
        finally
        {
            CloseAll(opened);
        }
    }

    private int RunExternal(List<string> argv, List<string> names, List<string> values, ShellIo io, bool replacesShell)
    {
        var invocation = new ShellInvocation(argv.ToArray(), BuildEnvironment(names, values), io.Input, io.Output, io.Error)
        {
            ReplacesShell = replacesShell,
        };
        try
        {
            if (!_host.TryRunCommand(invocation, out int status))
            {
                Report(io, $"line {_line}: {argv[0]}: not found");
                return 127;
            }
            // Statuses are 0-255 in sh; a host may report anything.
            return status & 0xFF;
        }
        catch (Exception e)
        {
            Report(io, $"line {_line}: {argv[0]}: {e.Message}");
            return 126;
        }
    }

    // Exported variables, overridden by the command's own assignments; sorted
    // so that a program sees the same environment every time.
    private string[] BuildEnvironment(List<string> names, List<string> values)
    {
        var environment = new Dictionary<string, string>();
        foreach (KeyValuePair<string, bool> entry in _exported)
        {
            if (_variables.TryGetValue(entry.Key, out string? value))
                environment[entry.Key] = value;
        }
        for (int i = 0; i < names.Count; i++)
            environment[names[i]] = values[i];
        var entries = new List<string>();
        foreach (KeyValuePair<string, string> entry in environment)
            entries.Add(entry.Key + "=" + entry.Value);
        entries.Sort(string.CompareOrdinal);
        return entries.ToArray();
    }

    private int CallFunction(FunctionDefinition function, List<string> argv, ShellIo io)
    {
        EnterDepth();
        List<string> positional = _positional;
        int loopDepth = _loopDepth;
        _positional = new List<string>(argv.Count);
        for (int i = 1; i < argv.Count; i++)
            _positional.Add(argv[i]);
        // A function's break cannot leave its caller's loops.
        _loopDepth = 0;
        _functionDepth++;
        try
        {
            int status = ExecuteCommand(function.Body, io);
            if (_flow == Flow.Return)
            {
                status = _flowStatus;
                ResetFlow();
            }
            return status;
        }
        finally
        {
            _positional = positional;
            _loopDepth = loopDepth;
            _functionDepth--;
            _depth--;
        }
    }

    // Applies redirections left to right to a copy of io, so `2>&1 >file`
    // and `>file 2>&1` differ as they should. Returns null, after reporting,
    // if one fails; the command then does not run and its status is 1.
    private ShellIo? ApplyRedirects(List<Redirect> redirects, ShellIo io, List<object> opened)
    {
        if (redirects.Count == 0)
            return io;
        ShellIo result = io.Copy();
        foreach (Redirect redirect in redirects)
        {
            string target = ExpandSingle(redirect.Target);
            string? error = ApplyRedirect(redirect, target, result, opened);
            if (error != null)
            {
                Report(result, $"line {redirect.Target.Line}: {error}");
                return null;
            }
        }
        return result;
    }

    private string? ApplyRedirect(Redirect redirect, string target, ShellIo io, List<object> opened)
    {
        int descriptor = redirect.Descriptor;
        if (descriptor > 2)
            return $"file descriptor {descriptor} is not supported (only 0, 1 and 2)";
        if (redirect.Kind == RedirectKind.DuplicateInput || redirect.Kind == RedirectKind.DuplicateOutput)
        {
            if (target == "-")
            {
                io.TrySet(descriptor, ShellNullStream.Instance);
                return null;
            }
            if (target.Length != 1 || target[0] < '0' || target[0] > '2')
                return $"{target}: bad file descriptor";
            return io.TrySet(descriptor, io.Get(target[0] - '0')) ? null : $"{descriptor}: bad file descriptor";
        }

        bool reading = redirect.Kind == RedirectKind.Input;
        if (reading != (descriptor == 0))
            return $"{descriptor}: bad file descriptor";
        object? stream;
        string reason;
        try
        {
            stream = reading ? _host.OpenRead(target, out reason) : _host.OpenWrite(target, redirect.Kind == RedirectKind.Append, out reason);
        }
        catch (Exception e)
        {
            stream = null;
            reason = e.Message;
        }
        if (stream == null)
            return $"{target}: cannot {(reading ? "open" : "create")}: {reason}";
        opened.Add(stream);
        io.TrySet(descriptor, stream);
        return null;
    }
}
