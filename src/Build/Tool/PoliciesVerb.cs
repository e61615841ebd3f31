using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Build;

// `policies -o <outdir> <a.policy> [<b.policy> ...] [--overlay <x.policy> ...]`:
// compiles an image's policies together, after merging the overlays (each adds
// list entries to the component it names: see PolicyOverlay) (so ipc/manager targets and labels are cross-checked) and
// writes <outdir>/<label>.priv for each. All or nothing: if any policy is
// invalid, the errors go to stderr in MSBuild's canonical format, nothing is
// written, and the exit code is 1. Exit code 2 is a usage error.
public static class PoliciesVerb
{
    public const string Usage = "Minix3.Cosmos.BuildTool policies -o <outdir> <a.policy> [<b.policy> ...] [--overlay <x.policy> ...]";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "policies";

    public static int Run(string[] args, TextWriter error)
    {
        if (args.Length < 4 || args[0] != "policies" || args[1] != "-o")
        {
            error.WriteLine("usage: " + Usage);
            return 2;
        }
        string outputDirectory = args[2];
        var files = new List<string>();
        var overlays = new List<string>();
        for (int i = 3; i < args.Length; i++)
        {
            if (args[i] != "--overlay")
                files.Add(args[i]);
            else if (i + 1 < args.Length)
                overlays.Add(args[++i]);
            else
            {
                error.WriteLine("usage: " + Usage);
                return 2;
            }
        }

        ImageCompilation result = PolicyCompiler.CompileFiles(files, overlays);
        if (!result.Succeeded)
        {
            foreach (Diagnostic diagnostic in result.Diagnostics)
                error.WriteLine(diagnostic.ToString());
            return 1;
        }

        Directory.CreateDirectory(outputDirectory);
        foreach (CompiledPolicy policy in result.Policies)
            File.WriteAllBytes(Path.Combine(outputDirectory, policy.Label + ".priv"), policy.Table);
        return 0;
    }
}
