using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Minix3.Cosmos.Protection;

/// <summary>A policy's text and the path diagnostics should name.</summary>
public sealed record PolicySource(string File, string Text);

/// <summary>One component's compiled privilege table.</summary>
public sealed record CompiledPolicy(string Label, string SourceFile, byte[] Table);

/// <summary>
/// The result of compiling an image's policies together: either every table
/// (when <see cref="Diagnostics"/> is empty) or none.
/// </summary>
public sealed record ImageCompilation(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<CompiledPolicy> Policies)
{
    public bool Succeeded => Diagnostics.Count == 0;
}

/// <summary>
/// Entry points: parse, validate (each policy and the image as a whole), and
/// encode. All-or-nothing, so a build never installs half an image's
/// privileges.
/// </summary>
public static class PolicyCompiler
{
    public static ImageCompilation CompileImage(IReadOnlyList<PolicySource> sources)
    {
        var diagnostics = new List<Diagnostic>();
        var policies = sources.Select(s => PolicyParser.Parse(s.File, s.Text, diagnostics)).ToList();
        return Finish(policies, diagnostics);
    }

    /// <summary>
    /// Reads the files and compiles them as one image; an unreadable file is an M3P040 diagnostic.
    /// Overlays (see <see cref="PolicyOverlay"/>) add list entries to the policy they name first.
    /// </summary>
    public static ImageCompilation CompileFiles(IEnumerable<string> paths, IEnumerable<string>? overlays = null)
    {
        var diagnostics = new List<Diagnostic>();
        var policies = ReadAll(paths, diagnostics);
        if (overlays != null)
            PolicyOverlay.Apply(ReadAll(overlays, diagnostics), policies, diagnostics);
        return Finish(policies, diagnostics);
    }

    private static List<Policy> ReadAll(IEnumerable<string> paths, List<Diagnostic> diagnostics)
    {
        var policies = new List<Policy>();
        foreach (string path in paths)
        {
            try
            {
                policies.Add(PolicyParser.ParseFile(path, diagnostics));
            }
            catch (IOException e)
            {
                diagnostics.Add(new Diagnostic(path, 0, PolicyError.UnreadableFile, $"cannot read the policy: {e.Message}"));
            }
            catch (System.UnauthorizedAccessException e)
            {
                diagnostics.Add(new Diagnostic(path, 0, PolicyError.UnreadableFile, $"cannot read the policy: {e.Message}"));
            }
        }
        return policies;
    }

    /// <summary>Parses and validates one policy on its own (no cross-component checks).</summary>
    public static Policy Check(PolicySource source, List<Diagnostic> diagnostics)
    {
        var policy = PolicyParser.Parse(source.File, source.Text, diagnostics);
        PolicyValidator.Validate(policy, diagnostics);
        return policy;
    }

    private static ImageCompilation Finish(List<Policy> policies, List<Diagnostic> diagnostics)
    {
        PolicyValidator.ValidateImage(policies, diagnostics);
        if (diagnostics.Count > 0)
            return new ImageCompilation(diagnostics, []);
        var compiled = policies.Select(p => new CompiledPolicy(p.EffectiveLabel, p.SourceFile, PrivilegeTableWriter.Write(p))).ToList();
        return new ImageCompilation(diagnostics, compiled);
    }
}
