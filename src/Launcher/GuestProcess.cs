using System;
using System.Diagnostics;
using System.IO;
using System.Text;


namespace Minix3.Cosmos.Launcher;

// Runs an emulator until it exits or the timeout passes, following the
// serial log file as it grows (echoing it when asked to).
internal static class GuestProcess
{
    public static BootResult Run(string program, string[] arguments, string serialLog, BootOptions options, TextWriter? echo, bool interactive)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = !interactive,
            RedirectStandardOutput = !interactive,
            RedirectStandardError = !interactive,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        var stopwatch = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new LauncherException("could not start " + program);
        var emulatorOutput = new StringBuilder();
        if (!interactive)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (emulatorOutput) emulatorOutput.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (emulatorOutput) emulatorOutput.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
        }
        var log = new StringBuilder();
        long position = 0;
        bool timedOut = false;
        while (!process.WaitForExit(50))
        {
            position = Follow(serialLog, position, log, echo);
            if (stopwatch.Elapsed > options.Timeout && !interactive)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                break;
            }
        }
        process.WaitForExit();
        Follow(serialLog, position, log, echo);
        if (process.ExitCode != 0 && log.Length == 0 && emulatorOutput.Length > 0 && !timedOut)
            log.Append(emulatorOutput);
        return new BootResult(timedOut ? 124 : process.ExitCode, log.ToString(), timedOut, stopwatch.Elapsed);
    }

    private static long Follow(string path, long position, StringBuilder log, TextWriter? echo)
    {
        if (!File.Exists(path))
            return position;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= position)
            return position;
        stream.Seek(position, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - position];
        int read = stream.Read(buffer, 0, buffer.Length);
        string text = Encoding.ASCII.GetString(buffer, 0, read).Replace("\r", "");
        log.Append(text);
        echo?.Write(text);
        echo?.Flush();
        return position + read;
    }

    // A guest that printed the exit marker decides the result; otherwise
    // the emulator's own status does (see Launcher.ExitCodes).
    public static BootResult WithGuestStatus(BootResult raw)
    {
        if (raw.TimedOut)
            return raw;
        int? status = raw.GuestStatus;
        return raw with { ExitCode = status ?? ExitCodes.NoExitMarker };
    }

}
