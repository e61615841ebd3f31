using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// Walking the tree: lists, pipelines and compound commands. break, continue,
// return and exit do not throw; they set _flow, and every list and loop
// checks it after each command, so unwinding is ordinary returns.
public sealed partial class Shell
{
    private enum Flow
    {
        Normal,
        Break,
        Continue,
        Return,
        Exit,
    }

    private Flow _flow;
    private int _flowCount;   // loops still to leave for break/continue N
    private int _flowStatus;  // the status given to return or exit
    private int _depth;
    private int _loopDepth;
    private int _functionDepth;

    private void ResetFlow()
    {
        _flow = Flow.Normal;
        _flowCount = 0;
    }

    private int ExecuteList(CommandList list, ShellIo io)
    {
        int status = 0;
        foreach (AndOrList item in list.Items)
        {
            status = item.Background ? StartBackground(item, io) : ExecuteAndOr(item, io);
            if (_flow != Flow.Normal)
                break;
        }
        return status;
    }

    private int ExecuteAndOr(AndOrList list, ShellIo io)
    {
        int status = ExecutePipeline(list.Pipelines[0], io);
        for (int i = 1; i < list.Pipelines.Count && _flow == Flow.Normal; i++)
        {
            if (list.IsAnd[i - 1] == (status == 0))
                status = ExecutePipeline(list.Pipelines[i], io);
        }
        return status;
    }

    // One command runs in the shell; every stage of a real pipeline in a
    // process of its own (Shell.Jobs.cs), so `echo a | read x` leaves x
    // unset, as in bash.
    private int ExecutePipeline(Pipeline pipeline, ShellIo io)
    {
        int status = pipeline.Commands.Count == 1 ? ExecuteCommand(pipeline.Commands[0], io) : RunStages(pipeline, io);
        if (pipeline.Negated)
            status = status == 0 ? 1 : 0;
        LastStatus = status;
        return status;
    }

    private int ExecuteCommand(Command command, ShellIo io)
    {
        if (command is SimpleCommand simple)
            return ExecuteSimple(simple, io);

        _line = command.Line;
        EnterDepth();
        var opened = new List<object>();
        try
        {
            ShellIo? redirected = ApplyRedirects(command.Redirects, io, opened);
            if (redirected == null)
                return 1;
            if (command is IfCommand ifCommand)
                return ExecuteIf(ifCommand, redirected);
            if (command is LoopCommand loop)
                return ExecuteLoop(loop, redirected);
            if (command is ForCommand forCommand)
                return ExecuteFor(forCommand, redirected);
            if (command is CaseCommand caseCommand)
                return ExecuteCase(caseCommand, redirected);
            if (command is GroupCommand group)
                return group.Subshell ? RunIsolated(null, group.Body, redirected) : ExecuteList(group.Body, redirected);
            var function = (FunctionDefinition)command;
            _functions[function.Name] = function;
            return 0;
        }
        finally
        {
            CloseAll(opened);
            _depth--;
        }
    }

    private void EnterDepth()
    {
        if (++_depth > MaxDepth)
        {
            _depth--;
            throw new ShellFatalException("commands or function calls nested too deeply", true);
        }
    }

    private int ExecuteIf(IfCommand command, ShellIo io)
    {
        for (int i = 0; i < command.Conditions.Count; i++)
        {
            int condition = ExecuteList(command.Conditions[i], io);
            if (_flow != Flow.Normal)
                return condition;
            if (condition == 0)
                return ExecuteList(command.Bodies[i], io);
        }
        return command.Else != null ? ExecuteList(command.Else, io) : 0;
    }

    private int ExecuteLoop(LoopCommand loop, ShellIo io)
    {
        int status = 0;
        _loopDepth++;
        try
        {
            while (true)
            {
                Tick();
                int condition = ExecuteList(loop.Condition, io);
                if (_flow != Flow.Normal)
                {
                    if (LeavesLoop())
                        break;
                    continue;
                }
                if ((condition == 0) == loop.Until)
                    break;
                status = ExecuteList(loop.Body, io);
                if (_flow != Flow.Normal && LeavesLoop())
                    break;
            }
        }
        finally
        {
            _loopDepth--;
        }
        return status;
    }

    private int ExecuteFor(ForCommand loop, ShellIo io)
    {
        List<string> items = loop.Items == null ? CopyList(_positional) : ExpandFields(loop.Items);
        int status = 0;
        _loopDepth++;
        try
        {
            foreach (string item in items)
            {
                Tick();
                SetVariable(loop.Name, item);
                status = ExecuteList(loop.Body, io);
                if (_flow != Flow.Normal && LeavesLoop())
                    break;
            }
        }
        finally
        {
            _loopDepth--;
        }
        return status;
    }

    // Consumes one level of break/continue. True if the loop must stop (a
    // break, an outer continue, return or exit); false to run the next
    // iteration (a continue aimed at this loop).
    private bool LeavesLoop()
    {
        if (_flow == Flow.Break || _flow == Flow.Continue)
        {
            bool here = --_flowCount <= 0;
            bool isContinue = _flow == Flow.Continue;
            if (here)
                ResetFlow();
            return !(here && isContinue);
        }
        return true;
    }

    private int ExecuteCase(CaseCommand command, ShellIo io)
    {
        string subject = ExpandSingle(command.Subject);
        foreach (CaseItem item in command.Items)
        {
            foreach (Word pattern in item.Patterns)
            {
                if (ShellPattern.Matches(ExpandPattern(pattern), subject))
                    return item.Body != null ? ExecuteList(item.Body, io) : 0;
            }
        }
        return 0;
    }

    // ( list ) and pipeline stages: runs in a copy of the shell's state, so
    // variables, functions, positional parameters and exit stay inside. The
    // host's current directory cannot be copied; cd in a subshell is seen
    // outside it.
    private int RunIsolated(Command? command, CommandList? list, ShellIo io)
    {
        Dictionary<string, string> variables = _variables;
        Dictionary<string, bool> exported = _exported;
        Dictionary<string, FunctionDefinition> functions = _functions;
        List<string> positional = _positional;
        _variables = Copy(variables);
        _exported = Copy(exported);
        _functions = Copy(functions);
        _positional = CopyList(positional);
        int status;
        try
        {
            status = command != null ? ExecuteCommand(command, io) : ExecuteList(list!, io);
            if (_flow == Flow.Exit || _flow == Flow.Return)
                status = _flowStatus;
        }
        catch (ShellFatalException e)
        {
            if (e.Unrecoverable)
                throw;
            Report(io, $"line {_line}: {e.Message}");
            status = e.Status;
        }
        finally
        {
            _variables = variables;
            _exported = exported;
            _functions = functions;
            _positional = positional;
            ResetFlow();
        }
        return status;
    }

    private static Dictionary<string, T> Copy<T>(Dictionary<string, T> source)
    {
        var copy = new Dictionary<string, T>();
        foreach (KeyValuePair<string, T> entry in source)
            copy[entry.Key] = entry.Value;
        return copy;
    }

    // The corelib's List has no copying constructor.
    private static List<string> CopyList(List<string> source)
    {
        var copy = new List<string>(source.Count);
        foreach (string item in source)
            copy.Add(item);
        return copy;
    }

    private static void CloseAll(List<object> streams)
    {
        foreach (object stream in streams)
        {
            try
            {
                if (stream is IShellClosable closable)
                    closable.Close();
            }
            catch (Exception)
            {
            }
        }
    }
}
