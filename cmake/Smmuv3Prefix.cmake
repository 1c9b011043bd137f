# SPDX-License-Identifier: BSD-2-Clause
# smmuv3_apply_symbol_prefix(<static target> <prefix>)
# After <target> is archived, every global symbol it defines gets <prefix>
# (see smmuv3-prefix.cmake). Users of <target> compile with
# SMMUV3_PREFIX_HEADER naming the generated header, so their calls resolve to
# the prefixed names. Two targets with different prefixes link into one image.
# The header is smmuv3_prefix_<prefix><target>.h: copies built with
# different prefixes install their headers side by side.
function(smmuv3_apply_symbol_prefix target prefix)
  set(dir ${CMAKE_BINARY_DIR}/generated/${target})
  set(hdr ${dir}/smmuv3_prefix_${prefix}${target}.h)
  file(MAKE_DIRECTORY ${dir})
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DOBJCOPY=${CMAKE_OBJCOPY}
            -DARCHIVE=$<TARGET_FILE:${target}> -DPREFIX=${prefix} -DHEADER=${hdr}
            -P ${PROJECT_SOURCE_DIR}/cmake/smmuv3-prefix.cmake
    COMMENT "Prefixing the symbols of ${target} with ${prefix}"
    VERBATIM)
  target_include_directories(${target} INTERFACE $<BUILD_INTERFACE:${dir}>)
  target_compile_definitions(${target} INTERFACE
    "$<BUILD_INTERFACE:SMMUV3_PREFIX_HEADER=\"smmuv3_prefix_${prefix}${target}.h\">"
    "$<INSTALL_INTERFACE:SMMUV3_PREFIX_HEADER=\"smmuv3/smmuv3_prefix_${prefix}${target}.h\">")
  set_property(TARGET ${target} PROPERTY SMMUV3_PREFIX_HEADER_FILE ${hdr})
endfunction()
