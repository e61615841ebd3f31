using System.Diagnostics;
using System.IO;

namespace Minix3.Cosmos.Launcher;

// Runs the ordinary `dotnet build` of the image project; MSBuild's
// incremental stages make this quick when nothing changed.
public static class ImageBuilder
{
    public static bool Build(ImageLayout image, TextWriter output, string configuration = "Debug")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", image.ImageProject, "-c", configuration, "-nologo", "-v:minimal" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data != null) output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(image.Kernel);
    }
}
