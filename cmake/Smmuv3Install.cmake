# SPDX-License-Identifier: BSD-2-Clause
# Install rules: the library, its headers, the OSAL ports and the model, a
# CMake package (find_package(smmuv3) -> smmuv3::smmuv3, smmuv3::osal_hosted,
# smmuv3::model, ...) and pkg-config files (smmuv3, smmuv3-model,
# smmuv3-osal-<port>, smmuv3-fdt), relocatable: the .pc files find the
# prefix from their own location, the CMake package from its own.
#
# A build with SMMUV3_SYMBOL_PREFIX=<p> installs under prefixed names, so
# that copies with different prefixes share one install prefix: archives
# lib<p>smmuv3*.a, the header smmuv3/smmuv3_prefix_<p>smmuv3.h, the package
# find_package(<p>smmuv3) -> <p>smmuv3::smmuv3 ..., and <p>smmuv3*.pc. The
# public headers are the same in every copy.
include(CMakePackageConfigHelpers)

set(SMMUV3_PACKAGE_NAME "${SMMUV3_SYMBOL_PREFIX}smmuv3")
set(_p "${SMMUV3_SYMBOL_PREFIX}")

set(_smmuv3_export_targets smmuv3 smmuv3_headers smmuv3_warnings)
foreach(t smmuv3_osal_hosted smmuv3_osal_mock smmuv3_osal_baremetal smmuv3_model smmuv3_fdt smmuv3_acpi)
  if(TARGET ${t})
    list(APPEND _smmuv3_export_targets ${t})
  endif()
endforeach()

foreach(t IN LISTS _smmuv3_export_targets)
  string(REGEX REPLACE "^smmuv3_" "" _name ${t})
  if(NOT t STREQUAL "smmuv3")
    set_target_properties(${t} PROPERTIES EXPORT_NAME ${_name})
  endif()
  get_target_property(_type ${t} TYPE)
  if(NOT _p STREQUAL "" AND NOT _type STREQUAL "INTERFACE_LIBRARY")
    set_target_properties(${t} PROPERTIES OUTPUT_NAME ${_p}${t})
  endif()
endforeach()
install(TARGETS ${_smmuv3_export_targets} EXPORT smmuv3Targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/smmuv3 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
get_property(_smmuv3_prefix_hdr TARGET smmuv3 PROPERTY SMMUV3_PREFIX_HEADER_FILE)
if(_smmuv3_prefix_hdr)
  install(FILES ${_smmuv3_prefix_hdr} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/smmuv3)
endif()
# Port headers: <smmuv3/osal/smmuv3_osal_<port>.h>; the port targets (and
# their .pc files) also put include/smmuv3/osal on the path, for
# #include <smmuv3_osal_<port>.h>.
foreach(port hosted mock baremetal)
  if(TARGET smmuv3_osal_${port})
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/osal/${port}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/smmuv3/osal
      FILES_MATCHING PATTERN "*.h")
  endif()
endforeach()
if(TARGET smmuv3_model)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/test/model/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h")
  install(FILES ${PROJECT_SOURCE_DIR}/test/model/walk.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/smmuv3/model)
endif()

set(SMMUV3_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/${SMMUV3_PACKAGE_NAME})
install(EXPORT smmuv3Targets NAMESPACE ${SMMUV3_PACKAGE_NAME}::
  FILE ${SMMUV3_PACKAGE_NAME}Targets.cmake DESTINATION ${SMMUV3_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/smmuv3Config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/${SMMUV3_PACKAGE_NAME}Config.cmake INSTALL_DESTINATION ${SMMUV3_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/${SMMUV3_PACKAGE_NAME}ConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${SMMUV3_PACKAGE_NAME}Config.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/${SMMUV3_PACKAGE_NAME}ConfigVersion.cmake
  DESTINATION ${SMMUV3_CMAKE_DIR})

# pkg-config: prefix=${pcfiledir}/<relative path back to the prefix>.
set(_pcdir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(SMMUV3_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _rel "/_prefix/${_pcdir}" "/_prefix")
  string(REGEX REPLACE "/$" "" _rel "${_rel}")
  set(SMMUV3_PC_PREFIX "\${pcfiledir}/${_rel}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(SMMUV3_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(SMMUV3_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(SMMUV3_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(SMMUV3_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()

# smmuv3_install_pc(<name> <description> <requires> <cflags> <libs>)
function(smmuv3_install_pc name desc requires cflags libs)
  set(PC_NAME ${name})
  set(PC_DESC "${desc}")
  set(PC_REQUIRES "${requires}")
  set(PC_CFLAGS "${cflags}")
  set(PC_LIBS "${libs}")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/smmuv3.pc.in ${CMAKE_CURRENT_BINARY_DIR}/pc/${name}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pc/${name}.pc DESTINATION ${_pcdir})
endfunction()

set(_cflags "")
if(_smmuv3_prefix_hdr)
  get_filename_component(_hdrname ${_smmuv3_prefix_hdr} NAME)
  # -include needs no quotes (a quoted -D does not survive $(pkg-config)
  # in a shell); gcc and clang both have it.
  set(_cflags "-include smmuv3/${_hdrname}")
endif()
smmuv3_install_pc(${_p}smmuv3 "${PROJECT_DESCRIPTION}" "" "${_cflags}" "-l${_p}smmuv3")
foreach(port hosted mock baremetal)
  if(TARGET smmuv3_osal_${port})
    set(_threads "")
    if(NOT port STREQUAL "baremetal")
      set(_threads " -pthread")
    endif()
    smmuv3_install_pc(${_p}smmuv3-osal-${port} "libsmmuv3 OSAL port: ${port}"
      "${_p}smmuv3" "-I\${includedir}/smmuv3/osal" "-l${_p}smmuv3_osal_${port}${_threads}")
  endif()
endforeach()
if(TARGET smmuv3_model)
  smmuv3_install_pc(${_p}smmuv3-model "Behavioural SMMUv3 model for host-side tests of libsmmuv3 users"
    "${_p}smmuv3-osal-mock ${_p}smmuv3" "" "-l${_p}smmuv3_model -pthread")
endif()
if(TARGET smmuv3_fdt)
  smmuv3_install_pc(${_p}smmuv3-fdt "libsmmuv3 device-tree discovery"
    "${_p}smmuv3" "" "-l${_p}smmuv3_fdt -lfdt")
endif()
