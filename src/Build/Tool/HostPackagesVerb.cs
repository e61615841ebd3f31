using System;
using System.IO;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Build;

// host-packages [--check]: the host programs the kit needs, installed where
// the host allows it (src/Launcher/HostPackages.cs says how per platform).
// The corelib's build runs it once per build, before any component links.
public static class HostPackagesVerb
{
    public const string Usage = "Minix3.Cosmos.BuildTool host-packages [--check]";

    public static bool Matches(string[] args) =>
        args.Length >= 1 && args[0] == "host-packages" && (args.Length == 1 || (args.Length == 2 && args[1] == "--check"));

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        HostPackages.Ensure(checkOnly: args.Length == 2, output, error);
}
