using System.Diagnostics;
using System.IO;

namespace Minix3.Cosmos.Launcher;

// Runs the ordinary `dotnet build` of the image project, resident (below);
// MSBuild's incremental stages make this quick when nothing changed. Restore is
// skipped once the project has been restored (it costs over a second and
// only package references change its outcome).
public static class ImageBuilder
{
    // `project`: another image project (e.g. test/Image), default the system image.
    public static bool Build(ImageLayout image, TextWriter output, string configuration = "Debug", string? project = null)
    {
        // -graph: MSBuild reads the whole project graph first and schedules
        // it bottom-up, so the ~50 components spread evenly over its worker
        // nodes. Without it, a clean build left one of two cores idle for a
        // third of the time (projects queued behind one node), 18 s against
        // 16.6 s; evaluating the graph costs an incremental build ~0.4 s.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", project ?? image.ImageProject, "-c", configuration, "-nologo", "-v:minimal", "-graph" },
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
        string assets = Path.Combine(Path.GetDirectoryName(project ?? image.ImageProject)!, "obj", "project.assets.json");
        if (File.Exists(assets))
            start.ArgumentList.Add("--no-restore");
        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data != null) output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode == 0 && (project != null || File.Exists(image.Kernel));
    }
}
