using System.IO;
using System.Linq;

namespace Minix3.Cosmos.Launcher;

// Makes a GRUB ISO of the built image with a given kernel command line (the
// build's own minix3.iso boots with none): a copy of the image tree whose
// grub.cfg carries the arguments on its multiboot line. Used for Bochs and
// for ISO boots of test scenarios.
public static class Iso
{
    public static string MakeWithArguments(ImageLayout image, string kernelArguments, string name)
    {
        HostTools.Require("grub-mkrescue", "grub-common");
        HostTools.Require("xorriso", "xorriso");
        string directory = Path.Combine(image.OutputDirectory, name);
        string root = Path.Combine(directory, "root");
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        Copy(image.ImageRoot, root);
        string grubConfiguration = Path.Combine(root, "boot", "grub", "grub.cfg");
        File.WriteAllLines(grubConfiguration, File.ReadAllLines(grubConfiguration)
            .Select(line => line.TrimStart().StartsWith("multiboot ") ? $"  multiboot /boot/kernel.elf {kernelArguments}" : line));
        string iso = Path.Combine(directory, name + ".iso");
        File.Delete(iso);
        var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("grub-mkrescue")
        {
            ArgumentList = { "-o", iso, root },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        run.StandardOutput.ReadToEndAsync();
        string errors = run.StandardError.ReadToEnd();
        run.WaitForExit();
        if (run.ExitCode != 0 || !File.Exists(iso))
            throw new LauncherException("grub-mkrescue failed: " + errors);
        return iso;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string sub in Directory.GetDirectories(from))
            Copy(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
