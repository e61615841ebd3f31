using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// A project the solution does not list is still built when an image refers
// to it, but MSBuild then drops the solution's configuration for it: in
// `dotnet build -c Release` it builds as Debug and looks for the assembler
// under bin/Debug, which nothing built, and the build fails. So every
// project of the tree is in the solution (the templates' own projects are
// not: they are instantiated, not built).
public class SolutionTests
{
    [Test]
    public void EveryProjectOfTheTreeIsInTheSolution()
    {
        string root = AsmTestHelpers.RepoRoot();
        string solution = File.ReadAllText(Path.Combine(root, "Minix3.Cosmos.sln"));
        string[] missing = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "Templates"))
            .Where(path => !solution.Contains("\"" + path.Replace('/', '\\') + "\"", StringComparison.Ordinal))
            .ToArray();
        Assert.That(missing, Is.Empty, "add them with: dotnet sln add <project> --solution-folder <folder>");
    }
}
