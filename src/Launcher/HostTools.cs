using System;
using System.Diagnostics;
using System.IO;

namespace Minix3.Cosmos.Launcher;

// Finds host programs on PATH. A missing one is installed by the repository's
// src/Build/host-packages.sh when we run as root; otherwise the error names
// the package and the exact command.
public static class HostTools
{
    public static string? Find(string program)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (directory.Length == 0)
                continue;
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static void Require(string program, string package)
    {
        if (Find(program) != null)
            return;
        TryInstall();
        if (Find(program) == null)
            throw new MissingToolException(program, package);
    }

    private static void TryInstall()
    {
        string script;
        try
        {
            script = Path.Combine(ImageLayout.Locate().RepositoryRoot, "src", "Build", "host-packages.sh");
        }
        catch (LauncherException)
        {
            return;
        }
        if (!File.Exists(script))
            return;
        using Process? process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script }, UseShellExecute = false });
        process?.WaitForExit();
    }
}

public sealed class MissingToolException(string program, string package)
    : Exception($"{program} not found: install the package {package} (sudo apt-get install -y {package})")
{
    public string Program { get; } = program;
    public string Package { get; } = package;
}
