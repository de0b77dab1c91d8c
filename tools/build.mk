# Build-system and install gates (issue 12): the install tree, the CMake and Meson
# consumers, the three builds agreeing on sources and flags, and the README's C examples.
#
#   make print-sources   every .c the Makefile compiles (library, then the fernet command)
#   make print-warn      the mandatory warning flags (FC_WARN)
#   make install-check   install / uninstall into temporary trees (tools/install_check.sh)
#   make cmake-check     every CMake way to consume fernetc (tools/cmake_check.sh)
#   make meson-check     fernetc as a Meson subproject (tools/meson_check.sh)
#   make build-sync      CMake and Meson compile the Makefile's sources with its flags
#   make readme-check    every C example of README.md, built against an installed copy

.PHONY: print-sources print-warn install-check cmake-check meson-check build-sync readme-check

print-sources:
	@printf '%s\n' $(LIB_SRCS) $(CLI_SRCS)

print-warn:
	@printf '%s\n' $(FC_WARN)

install-check:
	@bash tools/install_check.sh

cmake-check:
	@bash tools/cmake_check.sh

meson-check:
	@bash tools/meson_check.sh

build-sync:
	@python3 tools/build_sync.py $(CURDIR)

readme-check:
	@bash tools/readme_check.sh

CI_EXTRA += build-sync install-check readme-check cmake-check meson-check
