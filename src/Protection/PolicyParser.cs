using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Protection;

/// <summary>
/// Reads the line-based policy syntax (README.md) into a <see cref="Policy"/>.
/// One setting per line: a keyword, then arguments separated by spaces or
/// tabs; '#' starts a comment to the end of the line; blank lines are
/// ignored; keywords and kernel-call names are lower case; double quotes
/// keep spaces and '#' inside one argument (<c>reason="a sentence"</c>) and
/// are not part of it. The parser checks
/// form only (known keyword, argument count, number syntax, repeated
/// single-valued keywords); what values mean is <see cref="PolicyValidator"/>'s
/// job. After an error the rest of the file is still read so that one build
/// reports every problem.
/// </summary>
public static class PolicyParser
{
    private delegate void Handler(Context context, string[] arguments);

    private sealed record Context(Policy Policy, List<Diagnostic> Diagnostics, int Line, string Keyword)
    {
        public void Error(string code, string message) => Diagnostics.Add(new Diagnostic(Policy.SourceFile, Line, code, message));
    }

    // In the order README.md documents them (the unknown-keyword message lists them so).
    private static readonly (string Name, Handler Handle)[] Keywords =
    {
        ("label", (c, a) => Single(c, a, c.Policy.Label?.Line, () => c.Policy.Label = new(a[0], c.Line))),
        ("ipc", (c, a) => Each(c, a, t => c.Policy.IpcTargets.Add(new(t, c.Line)))),
        ("kernel", (c, a) => Each(c, a, t => ParseKernelCall(c, t))),
        ("io", (c, a) => Each(c, a, t => ParseRange(c, t, allowSingle: true, c.Policy.IoRanges))),
        ("irq", (c, a) => Each(c, a, t => Number(c, t, v => c.Policy.Irqs.Add(new(v, c.Line))))),
        ("memory", (c, a) => Each(c, a, t => ParseRange(c, t, allowSingle: false, c.Policy.MemoryRanges))),
        ("pci", (c, a) => Each(c, a, t => ParsePci(c, t))),
        ("service", (c, a) => Each(c, a, t => ParseServiceVerb(c, t))),
        ("quota", (c, a) => Single(c, a, c.Policy.MemoryQuota?.Line, () => Value(c, a[0], ValueSyntax.TryParseSize, "a size such as 4M", v => c.Policy.MemoryQuota = new(v, c.Line)))),
        ("priority", (c, a) => Single(c, a, c.Policy.Priority?.Line, () => Number(c, a[0], v => c.Policy.Priority = new(v, c.Line)))),
        ("quantum", (c, a) => Single(c, a, c.Policy.QuantumMs?.Line, () => Value(c, a[0], ValueSyntax.TryParseDurationMs, "a duration such as 20ms", v => c.Policy.QuantumMs = new(v, c.Line)))),
        ("heartbeat", (c, a) => Single(c, a, c.Policy.Heartbeat?.Line, () => ParseHeartbeat(c, a), maxArguments: 2)),
        ("restart", (c, a) => Single(c, a, c.Policy.Restart?.Line, () => ParseRestart(c, a), maxArguments: 2)),
        ("recovery", (c, a) => Single(c, a, c.Policy.RecoveryScript?.Line, () => c.Policy.RecoveryScript = new(a[0], c.Line))),
        ("manager", (c, a) => Single(c, a, c.Policy.Manager?.Line, () => c.Policy.Manager = new(a[0], c.Line))),
        ("system", (c, a) => Single(c, a, c.Policy.SystemLine, () => c.Policy.SystemLine = c.Line, minArguments: 0, maxArguments: 0)),
        ("critical", (c, a) => Single(c, a, c.Policy.CriticalLine, () => c.Policy.CriticalLine = c.Line, minArguments: 0, maxArguments: 0)),
        ("bootimage", (c, a) => Single(c, a, c.Policy.BootImageLine, () => c.Policy.BootImageLine = c.Line, minArguments: 0, maxArguments: 0)),
    };

    /// <summary>The keywords, in the order README.md documents them.</summary>
    public static IReadOnlyList<string> KeywordNames { get; } = Keywords.Select(k => k.Name).ToArray();

    /// <summary>The names <c>kernel</c> accepts: each <see cref="KernelCall"/> in lower case, by number.</summary>
    public static IReadOnlyList<string> KernelCallNames { get; } =
        Enum.GetValues<KernelCall>().Where(k => k != KernelCall.Count).OrderBy(k => (int)k).Select(k => k.ToString().ToLowerInvariant()).ToArray();

    private static readonly Dictionary<string, KernelCall> KernelCallsByName =
        Enum.GetValues<KernelCall>().Where(k => k != KernelCall.Count).ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    private static void ParseServiceVerb(Context c, string name)
    {
        int bit = Array.IndexOf(RsVerbs.Names, name);
        if (bit < 0)
        {
            c.Error(PolicyError.UnknownServiceVerb, $"unknown service verb '{name}'; known verbs: {string.Join(", ", RsVerbs.Names)}");
            return;
        }
        c.Policy.ServiceVerbs.Add(new(1u << bit, c.Line));
    }

    public static Policy ParseFile(string path, List<Diagnostic> diagnostics) =>
        Parse(path, File.ReadAllText(path), diagnostics);

    /// <summary>Parses <paramref name="text"/>; problems are appended to <paramref name="diagnostics"/> under <paramref name="sourceFile"/>.</summary>
    public static Policy Parse(string sourceFile, string text, List<Diagnostic> diagnostics)
    {
        var policy = new Policy(sourceFile);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            List<string> tokens = Tokens(lines[i], out bool unterminated);
            if (unterminated)
            {
                diagnostics.Add(new Diagnostic(sourceFile, i + 1, PolicyError.MalformedNumber, "a quoted value has no closing '\"'"));
                continue;
            }
            if (tokens.Count == 0)
                continue;
            var context = new Context(policy, diagnostics, i + 1, tokens[0]);
            int keyword = Array.FindIndex(Keywords, k => k.Name == tokens[0]);
            if (keyword >= 0)
                Keywords[keyword].Handle(context, tokens.Skip(1).ToArray());
            else
                context.Error(PolicyError.UnknownKeyword, $"unknown keyword '{tokens[0]}'; expected one of: {string.Join(", ", KeywordNames)}");
        }
        return policy;
    }

    // The line's arguments: split at spaces and tabs, up to a '#' that is
    // not between double quotes; the quotes group and are dropped.
    private static List<string> Tokens(string line, out bool unterminated)
    {
        var tokens = new List<string>();
        var token = new System.Text.StringBuilder();
        bool quoted = false, inToken = false;
        foreach (char ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
                inToken = true;
            }
            else if (quoted)
                token.Append(ch);
            else if (ch == '#')
                break;
            else if (ch is ' ' or '\t' or '\r')
            {
                if (inToken)
                    tokens.Add(token.ToString());
                token.Clear();
                inToken = false;
            }
            else
            {
                token.Append(ch);
                inToken = true;
            }
        }
        if (inToken && !quoted)
            tokens.Add(token.ToString());
        unterminated = quoted;
        return tokens;
    }

    // A keyword that may appear once: reports a repeat (pointing at the first
    // line) and the wrong number of arguments, otherwise stores the value.
    private static void Single(Context c, string[] arguments, int? firstLine, Action store, int minArguments = 1, int maxArguments = 1)
    {
        if (firstLine.HasValue)
            c.Error(PolicyError.DuplicateKeyword, $"'{c.Keyword}' may appear only once; it is already set on line {firstLine}");
        else if (arguments.Length < minArguments || arguments.Length > maxArguments)
            c.Error(PolicyError.ArgumentCount, ArgumentCountMessage(c.Keyword, minArguments, maxArguments, arguments.Length));
        else
            store();
    }

    // A keyword that takes a list and may be repeated; the lists accumulate.
    private static void Each(Context c, string[] arguments, Action<string> add)
    {
        if (arguments.Length == 0)
            c.Error(PolicyError.ArgumentCount, $"'{c.Keyword}' needs at least one value");
        foreach (string argument in arguments)
            add(argument);
    }

    private static string ArgumentCountMessage(string keyword, int min, int max, int given) =>
        max == 0 ? $"'{keyword}' takes no arguments, but {given} given"
        : min == max ? $"'{keyword}' takes {min} argument{(min == 1 ? "" : "s")}, but {given} given"
        : $"'{keyword}' takes {min} to {max} arguments, but {given} given";

    private delegate bool TryParse(string text, out ulong value);

    private static void Value(Context c, string text, TryParse parse, string expected, Action<ulong> store)
    {
        if (parse(text, out ulong value))
            store(value);
        else
            c.Error(PolicyError.MalformedNumber, $"malformed value '{text}' for '{c.Keyword}': expected {expected}");
    }

    private static void Number(Context c, string text, Action<ulong> store) =>
        Value(c, text, ValueSyntax.TryParseNumber, "a decimal or 0x-prefixed hexadecimal number", store);

    private static void ParseKernelCall(Context c, string name)
    {
        if (KernelCallsByName.TryGetValue(name, out KernelCall call))
            c.Policy.KernelCalls.Add(new(call, c.Line));
        else
            c.Error(PolicyError.UnknownKernelCall, $"unknown kernel call '{name}'; known calls: {string.Join(", ", KernelCallNames)}");
    }

    private static void ParseRange(Context c, string text, bool allowSingle, List<Sourced<AddressRange>> into)
    {
        if (ValueSyntax.TryParseRange(text, allowSingle, out AddressRange range, out string problem))
            into.Add(new(range, c.Line));
        else
            c.Error(PolicyError.MalformedRange, $"malformed {c.Keyword} range '{text}': {problem}");
    }

    private static void ParsePci(Context c, string text)
    {
        if (ValueSyntax.TryParsePci(text, out PciId id))
            c.Policy.PciDevices.Add(new(id, c.Line));
        else
            c.Error(PolicyError.MalformedNumber, $"malformed PCI id '{text}': expected vendor:device in hexadecimal, such as 8086:100e");
    }

    private static void ParseHeartbeat(Context c, string[] arguments)
    {
        if (arguments[0] == "none")
        {
            ParseNoHeartbeat(c, arguments);
            return;
        }
        var options = Options(c, arguments, ("period", ValueSyntax.TryParseDurationMs, "a duration such as 1s"), ("misses", ValueSyntax.TryParseNumber, "a number"));
        if (options == null)
            return;
        if (!options.TryGetValue("period", out ulong period))
            c.Error(PolicyError.ArgumentCount, "'heartbeat' needs period=<duration>");
        else
            c.Policy.Heartbeat = new(new HeartbeatSetting(period, options.GetValueOrDefault("misses", (ulong)PolicyDefaults.HeartbeatMisses)), c.Line);
    }

    // `heartbeat none reason="..."`: the reason is checked by the validator.
    private static void ParseNoHeartbeat(Context c, string[] arguments)
    {
        const string Key = "reason=";
        if (arguments.Length < 2)
            c.Error(PolicyError.ArgumentCount, "'heartbeat none' needs reason=\"<why RS does not ping it>\"");
        else if (!arguments[1].StartsWith(Key, StringComparison.Ordinal))
            c.Error(PolicyError.UnknownOption, $"'{arguments[1]}' is not an option of 'heartbeat none'; expected reason=\"<why RS does not ping it>\"");
        else
            c.Policy.Heartbeat = new(new HeartbeatSetting(0, 0, arguments[1].Substring(Key.Length)), c.Line);
    }

    private static void ParseRestart(Context c, string[] arguments)
    {
        var options = Options(c, arguments, ("limit", ValueSyntax.TryParseNumber, "a number"), ("window", ValueSyntax.TryParseDurationMs, "a duration such as 60s"));
        if (options == null)
            return;
        if (!options.TryGetValue("limit", out ulong limit))
            c.Error(PolicyError.ArgumentCount, "'restart' needs limit=<count>");
        else
            c.Policy.Restart = new(new RestartSetting(limit, options.GetValueOrDefault("window", (ulong)PolicyDefaults.RestartWindowMs)), c.Line);
    }

    // key=value arguments; null (after reporting) when any is unknown,
    // repeated or malformed.
    private static Dictionary<string, ulong>? Options(Context c, string[] arguments, params (string Key, TryParse Parse, string Expected)[] known)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        bool ok = true;
        foreach (string argument in arguments)
        {
            int equals = argument.IndexOf('=');
            string key = equals < 0 ? argument : argument.Substring(0, equals);
            int index = Array.FindIndex(known, k => k.Key == key);
            if (equals < 0 || index < 0 || values.ContainsKey(key))
            {
                c.Error(PolicyError.UnknownOption, $"'{argument}' is not an option of '{c.Keyword}'; expected each of {string.Join(", ", known.Select(k => k.Key + "=<" + k.Expected + ">"))} at most once");
                ok = false;
                continue;
            }
            string text = argument.Substring(equals + 1);
            if (known[index].Parse(text, out ulong value))
                values[key] = value;
            else
            {
                c.Error(PolicyError.MalformedNumber, $"malformed value '{text}' for '{c.Keyword} {key}': expected {known[index].Expected}");
                ok = false;
            }
        }
        return ok ? values : null;
    }
}
