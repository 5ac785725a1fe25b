"""The evidence base. This file lets Python find data/ as `succession.data_files`, installed or editable."""
