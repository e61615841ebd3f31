# gdb -x src/Launcher/gdb/minix3.gdb   (from the repository root)
# Attaches to `dotnet run --project src/Launcher -- --debug` (localhost:1234)
# with the kernel's symbols; see docs/debugging.md.
source src/Launcher/gdb/minix3.py
minix3-attach
