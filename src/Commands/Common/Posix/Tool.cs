using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Common;

// The frame of every command: its name and options from argv, buffered
// standard output and error, and the "name: path: error text" report.
// A command's Main is
//     var line = Tool.Start("ls", "l");
//     if (line == null) return Tool.UsageStatus;   // usage already printed
//     ...
//     return Tool.Finish(status);
public static class Tool
{
    public const int UsageStatus = 2;

    private static OutputBuffer? s_out;
    private static OutputBuffer? s_err;

    public static string Name { get; private set; } = "command";

    public static OutputBuffer Out => s_out ??= new OutputBuffer(new DescriptorSink(Files.StandardOutput));

    // Line-buffered: a message must be out before the command goes on.
    public static OutputBuffer Err => s_err ??= new OutputBuffer(new DescriptorSink(Files.StandardError), 512) { LineBuffered = true };

    // Parses argv; on a bad option prints the problem and the synopsis and
    // returns null.
    public static CommandLine? Start(string name, string options, string synopsis)
    {
        CommandLine line = CommandLine.Parse(Processes.Arguments(), name, options);
        Name = line.Name;
        if (line.Error == null)
            return line;
        Usage(line.Error, synopsis);
        return null;
    }

    // For a command that reads argv its own way (kill: "-9" is not an
    // option letter): only the name for messages.
    public static string[] Begin(string name)
    {
        string[] argv = Processes.Arguments();
        Name = CommandLine.ProgramName(argv, name);
        return argv;
    }

    public static int Usage(string problem, string synopsis)
    {
        Err.Write(Messages.Usage(Name, problem, synopsis));
        return UsageStatus;
    }

    // "ls: /nope: No such file or directory" for a status of the user
    // library. Returns 1, the status of a command that failed on an operand.
    public static int Report(string subject, int status)
    {
        Err.Write(Messages.About(Name, subject, Files.ErrorText(status)));
        return 1;
    }

    // The same for a status of a process call (PM's statuses).
    public static int ReportProcess(string subject, int status)
    {
        Err.Write(Messages.About(Name, subject, Processes.ErrorText(status)));
        return 1;
    }

    public static int Report(string subject, string text)
    {
        Err.Write(Messages.About(Name, subject, text));
        return 1;
    }

    // Flushes standard output; a failed write (a full disk behind `>`)
    // turns success into failure, with a message, as in POSIX utilities.
    public static int Finish(int status)
    {
        if (s_out != null && !s_out.Flush())
        {
            Err.Write(Messages.About(Name, "write error", Files.ErrorText(s_out.Status)));
            status = status == 0 ? 1 : status;
        }
        if (s_err != null)
            s_err.Flush();
        return status;
    }

    public static ListedKind KindOf(FileKind kind) =>
        kind == FileKind.File ? ListedKind.File : kind == FileKind.Directory ? ListedKind.Directory :
        kind == FileKind.CharDevice ? ListedKind.CharDevice : kind == FileKind.Pipe ? ListedKind.Pipe : ListedKind.Other;
}
