using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Ipc;

// Message layouts are declared once, as structs over the payload in
// src/Lib/Ipc (issue 14). These tests keep it that way: no raw payload
// word outside src/Lib/Ipc, and every payload struct fits the payload.
public unsafe class TypedMessageTests
{
    private static readonly Regex RawWord = new(@"\bWord[0-6]\b", RegexOptions.Compiled);

    // Trees converted by other branches of issue 14 that have not merged
    // yet ("handles": the VFS/FS path and Posix; "diet": RS, the kernel's
    // process and boot code, PrivCtl). TEMPORARY: empty this list as those
    // branches merge; the test then holds the whole tree.
    private static readonly string[] NotYetConverted =
    {
        "src/Servers/Vfs/",
        "src/Servers/Fs/",
        "src/Lib/Posix/",
        "src/Servers/Rs/",
        "src/Kernel/Proc/",
        "src/Kernel/Boot/",
        "src/Kernel/KernelCalls/PrivCtl.cs",
    };

    [Test]
    public void NoRawPayloadWordOutsideLibIpc()
    {
        string root = AsmTestHelpers.RepoRoot();
        var found = new List<string>();
        foreach (string top in new[] { "src", "bench/Components", "test/Components" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, top), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/obj/") || relative.Contains("/bin/") || relative.StartsWith("src/Lib/Ipc/"))
                    continue;
                if (NotYetConverted.Any(prefix => relative.StartsWith(prefix)))
                    continue;
                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    // Comments count too: a comment naming Word3 describes a
                    // layout that should be a struct field's name instead.
                    if (RawWord.IsMatch(lines[i]))
                        found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }
        Assert.That(found, Is.Empty,
            "raw Message.WordN outside src/Lib/Ipc; declare the layout as a payload struct there:\n" + string.Join("\n", found));
    }

    [Test]
    public void TheScanSeesTheAllowListedTrees()
    {
        // Guard against the scan going blind (a moved tree, a wrong root):
        // each allow-listed path must still exist until it is removed here.
        string root = AsmTestHelpers.RepoRoot();
        foreach (string prefix in NotYetConverted)
        {
            string path = Path.Combine(root, prefix.TrimEnd('/'));
            Assert.That(Directory.Exists(path) || File.Exists(path), Is.True, prefix + " no longer exists: drop it from the allow-list");
        }
    }

    // The rule for "payload struct": any value type in the Lib.Ipc namespace
    // with a static Of(Message*) (the way every layout is reached), plus any
    // explicit-layout struct there declared with Size = PayloadBytes (so a
    // layout without Of is caught too).
    private static IEnumerable<Type> PayloadStructs()
    {
        return typeof(Message).Assembly.GetTypes()
            .Where(t => t.IsValueType && t.Namespace == typeof(Message).Namespace && t != typeof(Message))
            .Where(t => HasOf(t) || (t.StructLayoutAttribute?.Value == LayoutKind.Explicit && t.StructLayoutAttribute.Size == Message.PayloadBytes));
    }

    private static bool HasOf(Type t)
    {
        MethodInfo? of = t.GetMethod("Of", BindingFlags.Public | BindingFlags.Static, new[] { typeof(Message*) });
        return of != null && of.ReturnType == t.MakePointerType();
    }

    private static int SizeOf(Type t) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    [Test]
    public void ThereArePayloadStructsToCheck()
    {
        Assert.That(PayloadStructs().Count(), Is.GreaterThan(10));
    }

    [TestCaseSource(nameof(PayloadStructNames))]
    public void PayloadStructIsThePayloadAndEveryFieldFitsInIt(string name)
    {
        Type t = PayloadStructs().Single(s => s.FullName == name);
        Assert.That(HasOf(t), Is.True, name + " has no static Of(Message*)");
        Assert.That(t.StructLayoutAttribute!.Value, Is.EqualTo(LayoutKind.Explicit), name + " must declare its offsets");
        Assert.That(SizeOf(t), Is.EqualTo(Message.PayloadBytes), name + " must be exactly the payload");
        foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            int offset = field.GetCustomAttribute<FieldOffsetAttribute>()!.Value;
            int size = SizeOf(field.FieldType);
            Assert.That(offset + size, Is.LessThanOrEqualTo(Message.PayloadBytes), $"{name}.{field.Name} ends past the payload");
        }
    }

    private static IEnumerable<string> PayloadStructNames() => PayloadStructs().Select(t => t.FullName!).OrderBy(n => n);
}
