using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace Minix3.Cosmos.Launcher;

// Where the build leaves the image (src/Build/Minix3.Cosmos.Image.targets)
// and how to read what the kernel prints at the end of a run.
public sealed partial class ImageLayout
{
    // `outputDirectory`: where the image project put its outputs, relative to
    // the repository (iso/out for the system image, iso/out/test for the
    // test image).
    public ImageLayout(string repositoryRoot, string outputDirectory = "iso/out")
    {
        RepositoryRoot = repositoryRoot;
        OutputDirectory = Path.Combine(repositoryRoot, outputDirectory);
    }

    public string RepositoryRoot { get; }
    public string OutputDirectory { get; }
    public string ImageRoot => Path.Combine(OutputDirectory, "image");
    public string BootDirectory => Path.Combine(ImageRoot, "boot");
    public string Kernel => Path.Combine(BootDirectory, "kernel.elf");
    public string ModuleList => Path.Combine(BootDirectory, "modules.txt");
    public string Iso => Path.Combine(OutputDirectory, "minix3.iso");
    // The root file system (FAT32) the image build makes, if it makes one.
    public string RootDisk => Path.Combine(OutputDirectory, "root.img");
    public string ImageProject => Path.Combine(RepositoryRoot, "iso", "Minix3.Cosmos.Image.csproj");

    // The repository is the first directory upwards holding Minix3.Cosmos.sln.
    public ImageLayout WithOutput(string outputDirectory) => new(RepositoryRoot, outputDirectory);

    public static ImageLayout Locate(string? start = null)
    {
        var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Minix3.Cosmos.sln")))
            directory = directory.Parent;
        if (directory == null)
            throw new LauncherException("cannot find Minix3.Cosmos.sln above " + (start ?? AppContext.BaseDirectory));
        return new ImageLayout(directory.FullName);
    }

    // (file path, module name) for each boot module, in boot order.
    public IReadOnlyList<(string Path, string Name)> Modules()
    {
        var modules = new List<(string, string)>();
        if (!File.Exists(ModuleList))
            return modules;
        foreach (string line in File.ReadAllLines(ModuleList))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
                modules.Add((Path.Combine(BootDirectory, parts[0]), parts[1]));
        }
        return modules;
    }

    [GeneratedRegex(@"\*\*\* MINIX3-COSMOS EXIT (\d+) \*\*\*")]
    private static partial Regex ExitMarker();

    public static int? ParseExitMarker(string serialLog)
    {
        Match match = ExitMarker().Match(serialLog);
        return match.Success ? int.Parse(match.Groups[1].Value) : null;
    }
}

public sealed class LauncherException(string message) : Exception(message);
