using System.Diagnostics;
using System.Linq;
using System.IO;

namespace Minix3.Cosmos.Launcher;

// Runs the ordinary `dotnet build` of the image project, resident (below);
// MSBuild's incremental stages make this quick when nothing changed. Restore is
// skipped once the project has been restored (it costs over a second and
// only package and project references change its outcome), and run when a
// build fails for want of it.
public static class ImageBuilder
{
    // `project`: another image project (e.g. test/Image), default the system image.
    public static bool Build(ImageLayout image, TextWriter output, string configuration = "Debug", string? project = null)
    {
        project ??= image.ImageProject;
        string assets = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
        bool skipRestore = File.Exists(assets);
        var missing = new MissingRestore(output);
        int exit = Run(image.RepositoryRoot, project, configuration, skipRestore, missing);
        // A component added since the last restore (a pull, `dotnet new`)
        // has no restore output, and building it unrestored fails with
        // NETSDK1004: then the build runs again with restore.
        if (exit != 0 && skipRestore && missing.Seen)
            exit = Run(image.RepositoryRoot, project, configuration, skipRestore: false, output);
        return exit == 0 && (project != image.ImageProject || File.Exists(image.Kernel));
    }

    private static int Run(string root, string project, string configuration, bool skipRestore, TextWriter output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", project, "-c", configuration, "-nologo", "-v:minimal" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A resident build: MSBuild's worker nodes stay up between builds
        // (even where the environment turns that off, as CI machines do),
        // and so does its server, which keeps the entry node's evaluation
        // caches warm. An edit-build-boot loop then pays for starting and
        // JIT-compiling MSBuild once, not per build: several seconds of
        // each incremental build. Both exit by themselves when idle
        // (`dotnet build-server shutdown` stops them at once); their output
        // never holds this process's pipes open.
        start.Environment.Remove("MSBUILDDISABLENODEREUSE");
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1";
        if (skipRestore)
            start.ArgumentList.Add("--no-restore");
        if (EverythingRebuilds(root, configuration))
            start.ArgumentList.Add("-graph");
        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data != null) output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }

    // -graph when every component must be compiled again (the libraries
    // all of them compile in are not built, or changed since): MSBuild then
    // reads the whole project graph first and schedules it bottom-up, so
    // the components spread evenly over its worker nodes. Without it such
    // a build left one of two cores idle for a third of the time (projects
    // queued behind one node): 24 s against 19.3 s. Reading the graph
    // costs an incremental build about 0.8 s, more than it saves there.
    private static bool EverythingRebuilds(string root, string configuration)
    {
        foreach (string library in new[] { "src/Runtime", "src/Lib/Ipc", "src/Lib/Sys" })
        {
            string folder = Path.Combine(root, library);
            string? built = Directory.Exists(Path.Combine(folder, "bin", configuration))
                ? Directory.EnumerateFiles(Path.Combine(folder, "bin", configuration), "Minix3.Cosmos.*.dll", SearchOption.AllDirectories).FirstOrDefault()
                : null;
            if (built == null)
                return true;
            System.DateTime builtAt = File.GetLastWriteTimeUtc(built);
            foreach (string source in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                if (!IsOutput(source) && File.GetLastWriteTimeUtc(source) > builtAt)
                    return true;
            }
        }
        return false;
    }

    private static bool IsOutput(string path) =>
        path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
        || path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar);

    // Passes the build's output on and notes whether it failed for want of
    // a restore.
    private sealed class MissingRestore : TextWriter
    {
        private readonly TextWriter _output;

        public MissingRestore(TextWriter output) => _output = output;

        public bool Seen { get; private set; }

        public override System.Text.Encoding Encoding => _output.Encoding;

        public override void WriteLine(string? value)
        {
            if (value != null && value.Contains("NETSDK1004"))
                Seen = true;
            _output.WriteLine(value);
        }
    }
}
