using System;
using System.Diagnostics;
using System.IO;

namespace Minix3.Cosmos.Launcher;

// Finds host programs on PATH. A missing one is installed by HostPackages
// when we run as root on Debian/Ubuntu; otherwise the error names the
// package and the exact command.
public static class HostTools
{
    public static string? Find(string program)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
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

    // Installs what is missing when we can (HostPackages says how).
    private static void TryInstall() => HostPackages.Ensure(checkOnly: false, Console.Out, Console.Error);
}

public sealed class MissingToolException(string program, string package)
    : Exception($"{program} not found: install the package {package} (sudo apt-get install -y {package})")
{
    public string Program { get; } = program;
    public string Package { get; } = package;
}
