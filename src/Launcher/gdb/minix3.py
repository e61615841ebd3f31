# gdb helpers for Minix3.Cosmos (docs/debugging.md). Load with
#   gdb -x src/Launcher/gdb/minix3.py -ex 'minix3-attach'
# or `source` it (VS Code's launch.json does). Defines:
#   minix3-attach [PORT [BOOT-DIR]]  the kernel's symbols, then QEMU's stub
#   minix3-component NAME|none       one component's symbols, and a filter
#                                    on breakpoints in component code
#   minix3-break Type.Method         a breakpoint on a C# method by its C# name
#   minix3-which                     which component's code runs at $pc
#   $_minix3_in("NAME")              true if the code at $pc is NAME's
#   printers: a C# string as its text, an array as its elements, a kernel
#   Process with its label first (`p text`, VS Code's variables)
#
# Why the filter: every component is a static ELF linked at the same
# address (src/Build/Linker/component.ld), each in its own address space,
# and QEMU's breakpoints match a virtual address in any address space. A
# breakpoint on a driver method also fires wherever another component's
# code happens to sit at that address. $_minix3_in compares the code bytes
# at $pc (read through the current page tables) with NAME's file, so a
# breakpoint with that condition stops in NAME only.
import os
import re
import struct

import gdb

REPOSITORY = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DEFAULT_BOOT = os.path.join(REPOSITORY, "iso", "out", "image", "boot")
DEFAULT_PORT = 1234
# component.ld's base: the second PML4 slot; the kernel lies below it.
USER_BASE = 0x8000000000
# Enough bytes that two different functions never agree on all of them.
COMPARED_BYTES = 256

_boot = DEFAULT_BOOT
_component = None            # (name, path) of the component whose symbols are loaded
_filtered = set()            # breakpoint numbers whose condition we set
_segments = {}               # path -> executable PT_LOAD segments


def _executable_segments(path):
    """(vaddr, file offset, file size) of each executable PT_LOAD segment."""
    if path not in _segments:
        with open(path, "rb") as f:
            header = f.read(64)
            if header[:4] != b"\x7fELF" or header[4] != 2:
                raise gdb.GdbError(path + " is not a 64-bit ELF file")
            phoff, = struct.unpack_from("<Q", header, 0x20)
            phentsize, phnum = struct.unpack_from("<HH", header, 0x36)
            segments = []
            for i in range(phnum):
                f.seek(phoff + i * phentsize)
                p_type, p_flags, p_offset, p_vaddr, _, p_filesz = struct.unpack("<IIQQQQ", f.read(40))
                if p_type == 1 and p_flags & 1:
                    segments.append((p_vaddr, p_offset, p_filesz))
        _segments[path] = segments
    return _segments[path]


def _runs_code_of(path, pc):
    for vaddr, offset, size in _executable_segments(path):
        if vaddr <= pc < vaddr + size:
            count = min(COMPARED_BYTES, vaddr + size - pc)
            with open(path, "rb") as f:
                f.seek(offset + pc - vaddr)
                expected = f.read(count)
            try:
                actual = bytes(gdb.selected_inferior().read_memory(pc, count))
            except gdb.MemoryError:
                return False
            return actual == expected
    return False


def _component_path(name):
    path = name if os.path.isabs(name) else os.path.join(_boot, name)
    if not os.path.isfile(path):
        raise gdb.GdbError("no component %r: %s does not exist (build the image first)" % (name, path))
    return path


def _pc():
    return int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF


def _in_user_code(breakpoint):
    for location in getattr(breakpoint, "locations", []):
        if location.address is not None and location.address >= USER_BASE:
            return True
    return False


def _filter(breakpoint):
    """Gives a breakpoint in component code the loaded component's condition."""
    if _component is None or breakpoint.type != gdb.BP_BREAKPOINT or breakpoint.condition:
        return
    if _in_user_code(breakpoint):
        breakpoint.condition = '$_minix3_in("%s")' % _component[0]
        _filtered.add(breakpoint.number)


class Attach(gdb.Command):
    """minix3-attach [PORT [BOOT-DIR]]: load the kernel's symbols (BOOT-DIR/kernel.elf,
default iso/out/image/boot) and connect to QEMU's gdb stub on localhost:PORT (default 1234),
as started by `dotnet run --project src/Launcher -- --debug`."""

    def __init__(self):
        super().__init__("minix3-attach", gdb.COMMAND_RUNNING)

    def invoke(self, argument, from_tty):
        global _boot
        words = gdb.string_to_argv(argument)
        if len(words) > 2 or (words and not words[0].isdigit()):
            raise gdb.GdbError("usage: minix3-attach [PORT [BOOT-DIR]]")
        port = int(words[0]) if words else DEFAULT_PORT
        _boot = os.path.abspath(words[1]) if len(words) > 1 else DEFAULT_BOOT
        kernel = os.path.join(_boot, "kernel.elf")
        if not os.path.isfile(kernel):
            raise gdb.GdbError("no kernel at %s: build the image (dotnet build iso/Minix3.Cosmos.Image.csproj)" % kernel)
        gdb.execute("set confirm off")
        gdb.execute("set pagination off")
        gdb.execute("file " + kernel)
        gdb.execute("target remote localhost:%d" % port)


class Component(gdb.Command):
    """minix3-component NAME|none: load the symbols of the component NAME (BOOT-DIR/NAME,
e.g. hello) beside the kernel's, and make each breakpoint in component code stop only where
NAME's code runs ($_minix3_in). `none` unloads them. One component at a time: all of them
are linked at the same addresses."""

    def __init__(self):
        super().__init__("minix3-component", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, argument, from_tty):
        global _component
        words = gdb.string_to_argv(argument)
        if len(words) != 1:
            raise gdb.GdbError("usage: minix3-component NAME|none")
        path = None if words[0] == "none" else _component_path(words[0])
        if _component is not None:
            gdb.execute("remove-symbol-file " + _component[1], to_string=True)
            for breakpoint in gdb.breakpoints():
                if breakpoint.number in _filtered:
                    breakpoint.condition = None
            _filtered.clear()
            _component = None
        if path is None:
            return
        _executable_segments(path)  # a bad file fails here, before gdb loads it
        gdb.execute("add-symbol-file " + path, to_string=True)
        _component = (words[0], path)
        for breakpoint in gdb.breakpoints():
            _filter(breakpoint)
        print("minix3: symbols of %s loaded; breakpoints in component code stop only in %s" % (path, words[0]))


class Break(gdb.Command):
    """minix3-break [Namespace.]Type.Method: break on every method of that C# name (all
overloads, in the kernel and in the loaded component), e.g. `minix3-break KernelMain.Start`,
`minix3-break Sched.Scheduler.PickNext`, `minix3-break HelloDriver.Read`. ilc names a method
<assembly>_<namespace>_<type>__<method> with dots as `_`, and a suffix _1, _2 for overloads."""

    _NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\(")
    _MINIMAL = re.compile(r"^0x[0-9a-f]+\s+([A-Za-z_][A-Za-z0-9_]*)$")

    def __init__(self):
        super().__init__("minix3-break", gdb.COMMAND_BREAKPOINTS, gdb.COMPLETE_SYMBOL)

    def invoke(self, argument, from_tty):
        name = argument.strip()
        if "." not in name or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_]", name):
            raise gdb.GdbError("usage: minix3-break [Namespace.]Type.Method")
        owner, method = name.rsplit(".", 1)
        suffix = owner.replace(".", "_") + "__" + method
        # The literal part only: gdb's regex syntax differs between versions.
        listing = gdb.execute("info functions -q -n " + suffix, to_string=True)
        wanted = re.compile(r"(^|_)" + re.escape(suffix) + r"(_[0-9]+)?$")
        symbols = set()
        for line in listing.splitlines():
            found = self._MINIMAL.match(line.strip()) or self._NAME.search(line)
            if found and wanted.search(found.group(1)):
                symbols.add(found.group(1))
        if not symbols:
            raise gdb.GdbError("no method %s (inlined everywhere, or in a component not loaded with minix3-component?)" % name)
        for symbol in sorted(symbols):
            gdb.Breakpoint(symbol)


class Which(gdb.Command):
    """minix3-which: name the component (or the kernel) whose code runs at $pc."""

    def __init__(self):
        super().__init__("minix3-which", gdb.COMMAND_STATUS)

    def invoke(self, argument, from_tty):
        pc = _pc()
        if pc < USER_BASE:
            print("kernel (0x%x)" % pc)
            return
        names = sorted(n for n in os.listdir(_boot) if "." not in n and os.path.isfile(os.path.join(_boot, n)))
        matches = []
        for name in names:
            path = os.path.join(_boot, name)
            with open(path, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
            if _runs_code_of(path, pc):
                matches.append(name)
        print(" ".join(matches) if matches else "no component in %s has this code at 0x%x" % (_boot, pc))


class InComponent(gdb.Function):
    """$_minix3_in("NAME"): 1 if the code at $pc in the current address space is the
component NAME's (BOOT-DIR/NAME), else 0. A breakpoint condition for component code."""

    def __init__(self):
        super().__init__("_minix3_in")

    def invoke(self, name):
        return 1 if _runs_code_of(_component_path(name.string()), _pc()) else 0


class StringPrinter:
    """A C# string: the runtime's String object (src/Runtime/System/String.cs) holds
_stringLength UTF-16 units from _firstChar on."""

    LONGEST = 4096

    def __init__(self, value):
        self.value = value

    def to_string(self):
        try:
            length = int(self.value["_stringLength"])
            if length < 0 or length > self.LONGEST:
                return "<String with a bad length %d>" % length
            data = gdb.selected_inferior().read_memory(self.value["_firstChar"].address, 2 * length)
        except gdb.MemoryError:
            return "<String not readable (null?)>"
        return bytes(data).decode("utf-16-le", "replace")

    def display_hint(self):
        return "string"


def _shallow(value):
    """A reference as a plain pointer: gdb expands references a printer's children
hold, and the kernel's lists of processes (NextReady, PreviousReady) would
print forever."""
    if value.type.strip_typedefs().code == gdb.TYPE_CODE_REF:
        return value.referenced_value().address
    return value


class ArrayPrinter:
    """A C# array (__Array<T>): m_NumComponents elements in m_Data."""

    SHOWN = 256

    def __init__(self, value):
        self.value = value

    def to_string(self):
        return "%s[%d]" % (self.value.type.strip_typedefs().tag[len("__Array<"):-1], int(self.value["m_NumComponents"]))

    def children(self):
        count = int(self.value["m_NumComponents"])
        data = self.value["m_Data"]
        for i in range(min(count, self.SHOWN)):
            yield "[%d]" % i, _shallow(data[i])

    def display_hint(self):
        return "array"


class ProcessPrinter:
    """The kernel's Process (src/Kernel/Proc/Process.cs): its label, slot and address
space first, then every field as usual."""

    TAG = "Minix3_Cosmos_Kernel_Minix3_Cosmos_Kernel_Proc_Process"

    def __init__(self, value):
        self.value = value

    def to_string(self):
        try:
            privilege = self.value["<Privilege>k__BackingField"].referenced_value()
            label = privilege["Label"].referenced_value()["m_Data"]
            length = max(0, min(int(privilege["LabelLength"]), 64))
            name = bytes(int(label[i]) for i in range(length)).decode("ascii", "replace")
        except gdb.MemoryError:
            name = "?"
        return "Process %s (slot %d, generation %d, cr3 0x%x)" % (
            name or "(no label)", int(self.value["<Slot>k__BackingField"]),
            int(self.value["<Generation>k__BackingField"]), int(self.value["AddressSpaceRoot"]))

    def children(self):
        for field in self.value.type.fields():
            yield field.name, _shallow(self.value[field])


_PRINTERS = [
    (lambda tag: tag == "String", StringPrinter),
    (lambda tag: tag.startswith("__Array<"), ArrayPrinter),
    (lambda tag: tag == ProcessPrinter.TAG, ProcessPrinter),
]


def _lookup_printer(value):
    kind = value.type.strip_typedefs()
    if kind.code == gdb.TYPE_CODE_REF:
        target = kind.target().strip_typedefs()
        if target.code == gdb.TYPE_CODE_STRUCT and target.tag:
            for matches, printer in _PRINTERS:
                if matches(target.tag):
                    return printer(value.referenced_value())
    elif kind.code == gdb.TYPE_CODE_STRUCT and kind.tag:
        for matches, printer in _PRINTERS:
            if matches(kind.tag):
                return printer(value)
    return None


Attach()
Component()
Break()
Which()
InComponent()
gdb.events.breakpoint_created.connect(_filter)
gdb.pretty_printers.append(_lookup_printer)
