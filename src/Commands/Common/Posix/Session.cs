using System.Collections.Generic;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Commands.Common;

// Becoming a user (login and su): the group first while still root, then
// the user, the home directory, and the user's shell with an environment
// that names them. Returns only on failure, with a message.
public static class Session
{
    public static int Become(Account account, string? command, string[] inherited)
    {
        int status = Processes.SetGid(account.Gid);
        if (status >= 0)
            status = Processes.SetUid(account.Uid);
        if (status < 0)
            return Tool.Report(account.Name, "cannot become this user: " + Processes.ErrorText(status));
        string home = account.Home.Length > 0 ? account.Home : "/";
        if (Files.ChangeDirectory(home) < 0)
        {
            Tool.Err.Write(Messages.Plain(Tool.Name, "no directory " + home + "; using /"));
            home = "/";
            Files.ChangeDirectory(home);
        }
        string shell = account.Shell.Length > 0 ? account.Shell : "/bin/sh";
        string[] arguments = command == null ? new[] { "sh" } : new[] { "sh", "-c", command };
        status = Processes.Exec(shell, arguments, Environment(account, home, shell, inherited));
        return Tool.Report(shell, status);
    }

    // HOME, USER, LOGNAME, SHELL and PATH for the user; TERM kept.
    public static string[] Environment(Account account, string home, string shell, string[] inherited)
    {
        var environment = new List<string>
        {
            "HOME=" + home, "USER=" + account.Name, "LOGNAME=" + account.Name, "SHELL=" + shell, "PATH=/bin",
        };
        foreach (string variable in inherited)
        {
            if (variable.StartsWith("TERM="))
                environment.Add(variable);
        }
        return environment.ToArray();
    }

    // A password read from the terminal without echo (the line as typed,
    // without its newline); null at end of input.
    public static string? ReadSecret(string prompt)
    {
        // Echo goes off before the prompt shows: what is typed after the
        // prompt is never echoed.
        bool restore = Terminal.GetSettings(Files.StandardInput, out Lib.Ipc.TerminalSettings settings) >= 0;
        if (restore)
        {
            Lib.Ipc.TerminalSettings quiet = settings;
            quiet.Mode &= ~Lib.Ipc.TerminalMode.Echo;
            Terminal.SetSettings(Files.StandardInput, quiet);
        }
        Tool.Err.Write(prompt);
        Tool.Err.Flush();
        string? line = ReadLine();
        if (restore)
        {
            Terminal.SetSettings(Files.StandardInput, settings);
            Tool.Err.Write("\n");
        }
        return line;
    }

    public static string? ReadLine()
    {
        var text = new System.Text.StringBuilder();
        var one = new byte[1];
        while (true)
        {
            int got = Files.Read(Files.StandardInput, one);
            if (got <= 0)
                return text.Length > 0 ? text.ToString() : null;
            if (one[0] == (byte)'\n')
                return text.ToString();
            if (one[0] != (byte)'\r')
                text.Append((char)one[0]);
        }
    }
}
