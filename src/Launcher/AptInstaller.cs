using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Minix3.Cosmos.Launcher;

// apt-get and dpkg for HostPackages on Debian and Ubuntu. Builds running
// side by side (two worktrees, a test building an image while another
// builds) may each want to install: one does while the others wait on a
// lock file, then find nothing missing (two apt-get runs at once would fail
// on dpkg's own lock).
internal sealed class AptInstaller(TextWriter output)
{
    private const string LockFile = "/tmp/minix3-host-packages.lock";
    private const string LogFile = "/tmp/minix3-apt.log";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(20);

    public bool Available => HostPackages.OnPath("apt-get") && HostPackages.OnPath("dpkg-query");

    public bool Installed(string package)
    {
        if (!HostPackages.OnPath("dpkg-query"))
            return false;
        (int code, string stdout) = Run("dpkg-query", "-W", "-f=${db:Status-Status}", package);
        return code == 0 && stdout.Trim() == "installed";
    }

    // Installs what missing() names, under the lock; missing() is asked
    // again once the lock is held, since another build may have installed
    // it meanwhile.
    public int Install(Func<IReadOnlyList<string>> missing, TextWriter error)
    {
        using FileStream? held = Lock();
        if (held == null)
        {
            error.WriteLine($"error M3H002: another build held {LockFile} for {LockWait.TotalMinutes} minutes");
            return 1;
        }
        IReadOnlyList<string> packages = missing();
        if (packages.Count == 0)
            return 0;
        output.WriteLine("Installing missing host packages: " + string.Join(' ', packages));
        File.WriteAllText(LogFile, "");
        if (AptGet(packages, "install") == 0)
            return 0;
        // A fresh machine's package lists may be missing or stale.
        AptGet(Array.Empty<string>(), "update");
        if (AptGet(packages, "install") == 0)
            return 0;
        error.WriteLine($"error M3H002: apt-get could not install: {string.Join(' ', packages)} (log: {LogFile})");
        return 1;
    }

    private static FileStream? Lock()
    {
        DateTime giveUp = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix.
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(500);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static int AptGet(IReadOnlyList<string> packages, string verb)
    {
        var info = new ProcessStartInfo("apt-get") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(verb);
        if (verb == "install")
            info.ArgumentList.Add("-y");
        info.ArgumentList.Add("-qq");
        foreach (string package in packages)
            info.ArgumentList.Add(package);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        File.AppendAllText(LogFile, $"$ apt-get {string.Join(' ', info.ArgumentList)}\n{stdout}{stderr.Result}");
        return process.ExitCode;
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return (process.ExitCode, stdout);
    }
}
