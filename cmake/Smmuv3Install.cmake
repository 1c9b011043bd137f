# SPDX-License-Identifier: BSD-2-Clause
# Install rules: the library, its headers, the OSAL ports and the model, a
# CMake package (find_package(smmuv3) -> smmuv3::smmuv3, smmuv3::osal_hosted,
# smmuv3::model, ...) and a pkg-config file.
include(CMakePackageConfigHelpers)

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

set(SMMUV3_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/smmuv3)
install(EXPORT smmuv3Targets NAMESPACE smmuv3:: DESTINATION ${SMMUV3_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/smmuv3Config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/smmuv3Config.cmake INSTALL_DESTINATION ${SMMUV3_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/smmuv3ConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/smmuv3Config.cmake ${CMAKE_CURRENT_BINARY_DIR}/smmuv3ConfigVersion.cmake
  DESTINATION ${SMMUV3_CMAKE_DIR})

set(SMMUV3_PC_CFLAGS "")
if(_smmuv3_prefix_hdr)
  set(SMMUV3_PC_CFLAGS "-DSMMUV3_PREFIX_HEADER=\\\"smmuv3/smmuv3_prefix_smmuv3.h\\\"")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/smmuv3.pc.in ${CMAKE_CURRENT_BINARY_DIR}/smmuv3.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/smmuv3.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
