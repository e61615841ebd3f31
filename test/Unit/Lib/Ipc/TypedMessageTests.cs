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

    [Test]
    public void NoRawPayloadWordOutsideLibIpc()
    {
        string root = AsmTestHelpers.RepoRoot();
        var found = new List<string>();
        var scanned = new List<string>();
        foreach (string top in new[] { "src", "bench/Components", "test/Components" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, top), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/obj/") || relative.Contains("/bin/") || relative.StartsWith("src/Lib/Ipc/"))
                    continue;
                scanned.Add(relative);
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
        // Guard against the scan going blind (a moved tree, a wrong root):
        // it must have read the kernel, the servers and the components.
        foreach (string tree in new[] { "src/Kernel/", "src/Servers/Rs/", "src/Servers/Vfs/", "src/Lib/Posix/", "test/Components/" })
            Assert.That(scanned.Any(f => f.StartsWith(tree)), Is.True, "the scan read nothing under " + tree);
        Assert.That(found, Is.Empty,
            "raw Message.WordN outside src/Lib/Ipc; declare the layout as a payload struct there:\n" + string.Join("\n", found));
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

    // The structs kept the wire layout the payload words had, so code not
    // yet converted (other branches: RS, VFS, FS, Posix) and converted code
    // still understand each other: each field sits at its old word.
    [TestCase(typeof(RsRequestMessage), "LabelLength", 4)]
    [TestCase(typeof(RsRequestMessage), "Index", 5)]
    [TestCase(typeof(RsRequestMessage), "Endpoint", 5)]
    [TestCase(typeof(RsRequestMessage), "Fault", 5)]
    [TestCase(typeof(RsRequestMessage), "ImageGrant", 5)]
    [TestCase(typeof(RsRequestMessage), "Code", 5)]
    [TestCase(typeof(RsRequestMessage), "Options", 5)]
    [TestCase(typeof(RsRequestMessage), "State", 6)]
    [TestCase(typeof(RsRequestMessage), "ImageLength", 6)]
    [TestCase(typeof(RsRequestMessage), "Script", 6)]
    [TestCase(typeof(RsFaultNotice), "Fault", 0)]
    [TestCase(typeof(DriverRequestMessage), "Minor", 0)]
    [TestCase(typeof(DriverRequestMessage), "Access", 1)]
    [TestCase(typeof(DriverRequestMessage), "Position", 1)]
    [TestCase(typeof(DriverRequestMessage), "IoctlRequest", 1)]
    [TestCase(typeof(DriverRequestMessage), "Grant", 2)]
    [TestCase(typeof(DriverRequestMessage), "Length", 3)]
    [TestCase(typeof(DriverRequestMessage), "Flags", 4)]
    [TestCase(typeof(DriverReplyMessage), "Result", 0)]
    [TestCase(typeof(DriverReplyMessage), "Request", 1)]
    [TestCase(typeof(DriverReplyMessage), "DeviceSize", 2)]
    [TestCase(typeof(DriverReplyMessage), "BlockSize", 3)]
    [TestCase(typeof(DriverReplyMessage), "Minor", 4)]
    [TestCase(typeof(PmExecRequest), "Grant", 0)]
    [TestCase(typeof(PmExecRequest), "Length", 1)]
    [TestCase(typeof(PmExecRequest), "Flags", 2)]
    [TestCase(typeof(PmExecRequest), "ArgumentCount", 3)]
    [TestCase(typeof(PmExecRequest), "EnvironmentCount", 4)]
    [TestCase(typeof(PmExecDataRequest), "Data", 2)]
    [TestCase(typeof(PmArgumentsReply), "Inline", 3)]
    [TestCase(typeof(PmWaitReply), "ExitStatus", 1)]
    [TestCase(typeof(PmListEntryReply), "Pid", 1)]
    [TestCase(typeof(PmListEntryReply), "Endpoint", 2)]
    [TestCase(typeof(PmListEntryReply), "Name", 3)]
    [TestCase(typeof(PmProcessNotice), "Endpoint", 0)]
    [TestCase(typeof(PmProcessNotice), "Child", 1)]
    [TestCase(typeof(NotificationMessage), "IrqLines", 1)]
    [TestCase(typeof(NotificationMessage), "Alarm", 2)]
    [TestCase(typeof(DefectReport), "Endpoint", 0)]
    [TestCase(typeof(DefectReport), "Class", 1)]
    [TestCase(typeof(DefectReport), "Address", 2)]
    [TestCase(typeof(DefectReport), "Detail", 3)]
    [TestCase(typeof(DefectReport), "Reason", 4)]
    [TestCase(typeof(DataStorePayload), "Value", 5)]
    [TestCase(typeof(DataStorePayload), "BlobLength", 6)]
    [TestCase(typeof(PrivCtlMessage), "Target", 0)]
    [TestCase(typeof(PrivCtlMessage), "Table", 1)]
    [TestCase(typeof(PrivCtlMessage), "Length", 2)]
    [TestCase(typeof(SafeCopyMessage), "Local", 3)]
    [TestCase(typeof(SafeCopyMessage), "Length", 4)]
    [TestCase(typeof(VDevIoMessage), "Direction", 5)]
    [TestCase(typeof(GetInfoMessage), "Which", 4)]
    public void FieldSitsAtItsOldPayloadWord(Type payload, string field, int word)
    {
        FieldInfo info = payload.GetField(field)!;
        Assert.That(info.GetCustomAttribute<FieldOffsetAttribute>()!.Value, Is.EqualTo(word * 8));
    }

    [Test]
    public void DataStoreHeaderPacksAsItsFirstWordDid()
    {
        // DS's header was one word: key length, kind, string length,
        // change in bytes 0..3, flags in the high half.
        Message m = default;
        DataStoreMessage.SetHeader(&m, 5, DataStoreKind.Blob, 7, 2, 0x8000_0001);
        Assert.That(m.Word0, Is.EqualTo(unchecked((long)0x8000_0001_0207_0305)));
        Assert.That(DataStoreMessage.Flags(&m), Is.EqualTo(0x8000_0001u));
    }

    [Test]
    public void ListEntryPacksAsItsWordsDid()
    {
        Message m = default;
        PmListEntryReply* entry = PmListEntryReply.Of(&m);
        entry->Pid = 7;
        entry->Parent = 1;
        entry->Endpoint = 0x1234;
        entry->State = 3;
        entry->NameLength = 4;
        entry->Pages = 0xFFFF;
        Assert.That(m.Word1, Is.EqualTo(7L | (1L << 32)));
        Assert.That((ulong)m.Word2, Is.EqualTo(0x1234UL | (3UL << 32) | (4UL << 40) | (0xFFFFUL << 48)));
    }
}
